using Kes.Api.Http.Buffers;

namespace Kes.UnitTests.Buffers;

/// <summary>Memory goes back after a burst of closes or when a swollen server goes idle, never while it is busy.</summary>
public sealed class MemoryReleaseTriggerTests
{
    private const long Idle = 40 << 20;

    [Fact]
    public void A_server_that_goes_idle_above_one_and_a_half_times_its_floor_gives_memory_back_once()
    {
        var resident = Idle;
        var trigger = new MemoryReleaseTrigger(new OpenConnections(), () => resident);
        Assert.False(trigger.Tick(0));
        resident = 3 * Idle;
        Assert.False(trigger.Tick(5_000));
        Assert.False(trigger.Tick(9_000));

        Assert.True(trigger.Tick(9_000));
        resident = Idle + (Idle / 4);
        trigger.Released();
        Assert.False(trigger.Tick(9_000));
        Assert.False(trigger.Tick(9_000));
    }

    [Fact]
    public void What_a_release_could_not_give_back_becomes_the_new_floor()
    {
        var resident = Idle;
        var trigger = new MemoryReleaseTrigger(new OpenConnections(), () => resident);
        Assert.False(trigger.Tick(0));
        resident = 4 * Idle;
        Assert.False(trigger.Tick(100));
        Assert.True(trigger.Tick(100));
        resident = 2 * Idle;
        trigger.Released();

        for (var pause = 1; pause <= 10; pause++)
        {
            Assert.False(trigger.Tick(100 + pause));
            Assert.False(trigger.Tick(100 + pause));
        }
    }

    [Fact]
    public void Going_idle_without_having_swollen_keeps_the_heap_as_it_is()
    {
        var resident = Idle;
        var trigger = new MemoryReleaseTrigger(new OpenConnections(), () => resident);
        Assert.False(trigger.Tick(0));
        resident = Idle + (Idle / 3);
        Assert.False(trigger.Tick(100));
        Assert.False(trigger.Tick(100));
    }

    [Fact]
    public void A_release_waits_for_a_tick_at_which_connections_have_stopped_closing()
    {
        var connections = new OpenConnections();
        var resident = Idle;
        var trigger = new MemoryReleaseTrigger(connections, () => resident);
        for (var i = 0; i < 2_000; i++)
        {
            connections.Opened();
        }

        Assert.False(trigger.Tick(0));
        resident = 5 * Idle;
        for (var i = 0; i < 1_000; i++)
        {
            connections.Closed();
        }

        Assert.False(trigger.Tick(0));
        for (var i = 0; i < 1_000; i++)
        {
            connections.Closed();
        }

        Assert.False(trigger.Tick(0));
        connections.Opened();
        Assert.True(trigger.Tick(0));
        Assert.False(trigger.Tick(0));
    }

    [Fact]
    public void Going_idle_while_connections_close_releases_once_they_have_stopped()
    {
        var connections = new OpenConnections();
        var resident = Idle;
        var trigger = new MemoryReleaseTrigger(connections, () => resident);
        for (var i = 0; i < 100; i++)
        {
            connections.Opened();
        }

        Assert.False(trigger.Tick(0));
        resident = 3 * Idle;
        Assert.False(trigger.Tick(5_000));
        connections.Closed();
        Assert.False(trigger.Tick(5_000));
        Assert.True(trigger.Tick(5_000));
    }

    [Fact]
    public void A_busy_server_is_never_paused_for_it()
    {
        var resident = Idle;
        var trigger = new MemoryReleaseTrigger(new OpenConnections(), () => resident);
        Assert.False(trigger.Tick(0));
        resident = 4 * Idle;
        for (var tick = 1; tick < 100; tick++)
        {
            Assert.False(trigger.Tick(tick * 1_000));
        }
    }
}
