using System.Runtime.InteropServices;
using Kes.Api.Http.Buffers;
using Microsoft.Extensions.Time.Testing;

namespace Kes.UnitTests.Buffers;

/// <summary>The pool Kestrel's buffers come from: blocks come back zeroed, idle ones are let go, and Kestrel's limits hold.</summary>
public sealed class ZeroingBlockPoolTests
{
    [Fact]
    public void A_returned_block_is_zeroed_before_anyone_rents_it_again()
    {
        using var pool = new ZeroingBlockPool();
        var block = pool.Rent();
        block.Memory.Span.Fill(0xA5);
        Assert.True(MemoryMarshal.TryGetArray<byte>(block.Memory, out var segment));
        block.Dispose();

        Assert.All(segment.Array!, b => Assert.Equal(0, b));
        using var again = pool.Rent();
        Assert.True(MemoryMarshal.TryGetArray<byte>(again.Memory, out var reused));
        Assert.Same(segment.Array, reused.Array);
    }

    [Fact]
    public void Blocks_are_4_KiB_and_a_larger_request_is_refused()
    {
        using var pool = new ZeroingBlockPool();
        using var block = pool.Rent(100);
        Assert.Equal(ZeroingBlockPool.BlockSize, block.Memory.Length);
        Assert.Equal(ZeroingBlockPool.BlockSize, pool.MaxBufferSize);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(ZeroingBlockPool.BlockSize + 1));
    }

    [Fact]
    public void Trim_lets_go_only_of_blocks_nobody_needed_for_a_whole_period()
    {
        using var pool = new ZeroingBlockPool();
        var blocks = Enumerable.Range(0, 8).Select(_ => pool.Rent()).ToList();
        blocks.ForEach(b => b.Dispose());
        Assert.Equal(8, pool.FreeCount);

        pool.Trim();
        using (pool.Rent())
        using (pool.Rent())
        using (pool.Rent())
        {
            pool.Trim();
            Assert.Equal(0, pool.FreeCount);
        }

        Assert.Equal(3, pool.FreeCount);
        pool.Trim();
        Assert.Equal(3, pool.FreeCount);
        pool.Trim();
        Assert.Equal(0, pool.FreeCount);
    }

    [Fact]
    public void The_factory_trims_its_open_pools_every_period_and_forgets_disposed_ones()
    {
        var time = new FakeTimeProvider();
        using var factory = new ZeroingBlockPoolFactory(time, new MemoryReleaseTrigger(new OpenConnections(), () => 0));
        var pool = (ZeroingBlockPool)factory.Create(new Microsoft.AspNetCore.Connections.MemoryPoolOptions());
        pool.Rent().Dispose();
        Assert.Equal(1, pool.FreeCount);

        time.Advance(ZeroingBlockPoolFactory.TrimPeriod);
        time.Advance(ZeroingBlockPoolFactory.TrimPeriod);
        Assert.Equal(0, pool.FreeCount);

        pool.Dispose();
        Assert.Empty(factory.Pools);
    }

    [Fact]
    public void A_block_returned_after_the_pool_closed_is_still_zeroed()
    {
        var pool = new ZeroingBlockPool();
        var block = pool.Rent();
        block.Memory.Span.Fill(0x5A);
        Assert.True(MemoryMarshal.TryGetArray<byte>(block.Memory, out var segment));
        pool.Dispose();
        block.Dispose();

        Assert.All(segment.Array!, b => Assert.Equal(0, b));
        Assert.Equal(0, pool.FreeCount);
        Assert.Throws<ObjectDisposedException>(() => pool.Rent());
    }
}
