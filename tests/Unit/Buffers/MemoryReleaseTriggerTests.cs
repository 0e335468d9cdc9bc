using Kes.Api.Http.Buffers;
using Microsoft.Extensions.Time.Testing;

namespace Kes.UnitTests.Buffers;

/// <summary>Memory goes back after a burst of closes or when a swollen server goes idle, never while it is busy or connections are still closing.</summary>
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
    public void A_release_waits_while_connections_are_still_closing()
    {
        var time = new FakeTimeProvider();
        var connections = new OpenConnections(time);
        var resident = Idle;
        var trigger = new MemoryReleaseTrigger(connections, () => resident);
        connections.Open(2_000);
        Assert.False(trigger.Tick(0));
        resident = 5 * Idle;
        connections.Close(1_000);
        Assert.False(trigger.Tick(0));

        time.Advance(TimeSpan.FromSeconds(10));
        connections.Close(1_000);
        Assert.False(trigger.Tick(0));

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(trigger.Tick(0));
        Assert.False(trigger.Tick(0));
    }

    [Fact]
    public void A_burst_of_closes_that_ended_a_second_before_the_tick_is_released_at_that_tick()
    {
        var time = new FakeTimeProvider();
        var connections = new OpenConnections(time);
        var trigger = new MemoryReleaseTrigger(connections, () => Idle);
        connections.Open(2_000);
        Assert.False(trigger.Tick(0));
        connections.Close(2_000);
        time.Advance(MemoryReleaseTrigger.Settled);
        Assert.True(trigger.Tick(0));
    }

    [Fact]
    public void Steady_churn_does_not_hold_a_release_back()
    {
        var time = new FakeTimeProvider();
        var connections = new OpenConnections(time);
        var trigger = new MemoryReleaseTrigger(connections, () => Idle);
        connections.Open(300);
        Assert.False(trigger.Tick(0));
        connections.Close(290);
        connections.Open(5);
        time.Advance(TimeSpan.FromSeconds(10));
        connections.Close(5);
        Assert.False(trigger.Tick(0));

        // Clients keep connecting and leaving, but the count no longer falls.
        connections.Open(10);
        connections.Close(5);
        Assert.True(trigger.Tick(0));
    }

    [Fact]
    public void Going_idle_while_connections_close_releases_once_they_have_stopped()
    {
        var time = new FakeTimeProvider();
        var connections = new OpenConnections(time);
        var resident = Idle;
        var trigger = new MemoryReleaseTrigger(connections, () => resident);
        connections.Open(100);
        Assert.False(trigger.Tick(0));
        resident = 3 * Idle;
        Assert.False(trigger.Tick(5_000));
        connections.Closed();
        Assert.False(trigger.Tick(5_000));
        time.Advance(TimeSpan.FromSeconds(10));
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
