using System.Runtime.InteropServices;
using Kes.Api.Http.Buffers;
using Microsoft.Extensions.Time.Testing;

namespace Kes.UnitTests.Buffers;

/// <summary>The pool Kestrel's buffers come from: blocks come back zeroed, idle ones are let go, and Kestrel's limits hold.</summary>
[Collection(ProcessWideMemory.Name)]
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
    public void Blocks_out_are_counted_once_each_however_often_they_are_disposed()
    {
        var held = new HeldBlocks(2 * ZeroingBlockPool.BlockSize);
        var pool = new ZeroingBlockPool(held: held);
        var first = pool.Rent();
        var second = pool.Rent();
        Assert.Equal(2, held.Out);
        Assert.True(held.Full);

        first.Dispose();
        first.Dispose();
        Assert.Equal(1, held.Out);

        // A second dispose must not have put the block in the pool twice: two rents get two blocks.
        using var a = pool.Rent();
        using var b = pool.Rent();
        Assert.True(MemoryMarshal.TryGetArray<byte>(a.Memory, out var arrayA));
        Assert.True(MemoryMarshal.TryGetArray<byte>(b.Memory, out var arrayB));
        Assert.NotSame(arrayA.Array, arrayB.Array);
        Assert.Equal(3, held.Out);

        // Blocks that come back after Kestrel disposed the pool are counted back too.
        pool.Dispose();
        second.Dispose();
        Assert.Equal(2, held.Out);
    }

    [Fact]
    public void A_block_its_owner_lost_is_counted_back_when_the_collector_finds_it()
    {
        var held = new HeldBlocks(1L << 20);
        using var pool = new ZeroingBlockPool(held: held);
        RentAndLose(pool);
        using var kept = pool.Rent();
        Assert.Equal(2, held.Out);

        for (var tries = 0; held.Out > 1 && tries < 50; tries++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.Equal(1, held.Out);
    }

    [Fact]
    public void Blocks_trimmed_from_the_free_list_are_not_counted_back_again()
    {
        var held = new HeldBlocks(1L << 20);
        using var pool = new ZeroingBlockPool(held: held);
        pool.Rent().Dispose();
        pool.Trim(everything: true);
        using var kept = pool.Rent();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.Equal(1, held.Out);
    }

    [Fact]
    public void A_trimmed_block_is_freed_by_one_collection_not_kept_for_its_finalizer()
    {
        using var pool = new ZeroingBlockPool(held: new HeldBlocks(1L << 20));
        var block = RentAndReturn(pool);
        pool.Trim(everything: true);

        // A memory release trims, then collects once: a block still waiting for its finalizer would stay resident.
        GC.Collect();

        Assert.False(block.IsAlive);
    }

    [Fact]
    public void Memory_goes_back_at_the_first_tick_after_held_blocks_that_reached_the_limit_came_back()
    {
        var time = new FakeTimeProvider();
        var held = new HeldBlocks(4 * ZeroingBlockPool.BlockSize);
        using var factory = new ZeroingBlockPoolFactory(time, new MemoryReleaseTrigger(new OpenConnections(), () => 0), held);
        var pool = (ZeroingBlockPool)factory.Create();
        var blocks = Enumerable.Range(0, 4).Select(_ => pool.Rent()).ToList();
        Assert.True(held.Full);
        held.StartsRefusing();
        time.Advance(ZeroingBlockPoolFactory.TrimPeriod);
        Assert.Equal(0, pool.FreeCount);

        // Back below the limit: the next tick releases, and a release lets go of every free block at once (an
        // ordinary trim keeps blocks that were in use during the period).
        blocks.ForEach(b => b.Dispose());
        time.Advance(ZeroingBlockPoolFactory.TrimPeriod);
        Assert.Equal(0, pool.FreeCount);

        // Only once: blocks used and given back afterwards stay pooled at the next tick.
        pool.Rent().Dispose();
        time.Advance(ZeroingBlockPoolFactory.TrimPeriod);
        Assert.Equal(1, pool.FreeCount);
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

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void RentAndLose(ZeroingBlockPool pool) => pool.Rent().Memory.Span.Fill(0x5A);

    /// <summary>A block rented and given back, watched by a weak reference that outlives finalization.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference RentAndReturn(ZeroingBlockPool pool)
    {
        var block = pool.Rent();
        block.Dispose();
        return new WeakReference(block, trackResurrection: true);
    }
}
