using Kes.Api.Http.Buffers;

namespace Kes.UnitTests.Buffers;

/// <summary>The open-connection count says "many closed" once per burst, never for MinIO's handful of connections.</summary>
[Collection(ProcessWideMemory.Name)]
public sealed class OpenConnectionsTests
{
    [Fact]
    public void A_burst_of_closes_is_reported_once_and_the_mark_restarts_from_there()
    {
        var connections = new OpenConnections();
        connections.Open(OpenConnections.SharpDrop + 10);
        connections.Close(OpenConnections.SharpDrop - 1);
        Assert.False(connections.TakeSharpDrop());

        connections.Close(1);
        Assert.True(connections.TakeSharpDrop());
        Assert.False(connections.TakeSharpDrop());
        Assert.Equal(10, connections.Count);
    }

    [Fact]
    public void Steady_churn_below_the_threshold_never_counts_as_a_burst()
    {
        var connections = new OpenConnections();
        for (var round = 0; round < 1_000; round++)
        {
            connections.Open(8);
            Assert.False(connections.TakeSharpDrop());
            connections.Close(8);
            Assert.False(connections.TakeSharpDrop());
        }
    }

    [Fact]
    public void After_a_burst_the_factory_lets_go_of_every_free_block_at_the_next_tick()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var connections = new OpenConnections(time);
        using var factory = new ZeroingBlockPoolFactory(time, new MemoryReleaseTrigger(connections, () => 0));
        using var pool = (ZeroingBlockPool)factory.Create(new Microsoft.AspNetCore.Connections.MemoryPoolOptions());
        connections.Open(OpenConnections.SharpDrop);
        var blocks = Enumerable.Range(0, 16).Select(_ => pool.Rent()).ToList();
        blocks.ForEach(b => b.Dispose());
        time.Advance(ZeroingBlockPoolFactory.TrimPeriod);
        Assert.Equal(16, pool.FreeCount);

        // All 16 were in use again during this period: an ordinary tick would keep every one of them.
        Enumerable.Range(0, 16).Select(_ => pool.Rent()).ToList().ForEach(b => b.Dispose());
        connections.Close(OpenConnections.SharpDrop);
        time.Advance(ZeroingBlockPoolFactory.TrimPeriod);
        Assert.Equal(0, pool.FreeCount);
    }
}
