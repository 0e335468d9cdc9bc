using System.Buffers;
using System.Runtime.InteropServices;

namespace Kes.Api.Http.Buffers;

/// <summary>One pinned block of a <see cref="ZeroingBlockPool"/>; disposing it zeroes it and gives it back.</summary>
/// <remarks>
/// The server counts the blocks out of its pools and refuses requests past a limit (<see cref="HeldBlocks"/>), so a
/// block must be counted back exactly once: a second dispose before the block is rented again does nothing (it would
/// also hand one block to two owners), and a block its owner lost is counted back, and zeroed, when the collector
/// finds it. A block that leaves the pool for good (trimmed, or back after the pool closed) has its finalizer
/// suppressed, so that the collection of a memory release frees it at once instead of keeping it for finalization.
/// </remarks>
public sealed class ZeroingBlock : IMemoryOwner<byte>
{
    private readonly ZeroingBlockPool _pool;
    private int _out;

    internal ZeroingBlock(ZeroingBlockPool pool)
    {
        _pool = pool;
        Array = GC.AllocateUninitializedArray<byte>(ZeroingBlockPool.BlockSize, pinned: true);
        Memory = MemoryMarshal.CreateFromPinnedArray(Array, 0, Array.Length);
    }

    /// <summary>Counts a lost block back; a block in the pool's free list or let go by a trim is not out.</summary>
    ~ZeroingBlock()
    {
        if (Interlocked.Exchange(ref _out, 0) == 1)
        {
            Array.AsSpan().Clear();
            _pool.Lost();
        }
    }

    internal byte[] Array { get; }

    /// <inheritdoc />
    public Memory<byte> Memory { get; }

    /// <inheritdoc />
#pragma warning disable CA1816 // The block goes back to its pool and is handed out again: its finalizer must stay armed for the next owner.
    public void Dispose()
#pragma warning restore CA1816
    {
        if (Interlocked.Exchange(ref _out, 0) == 1)
        {
            _pool.Return(this);
        }
    }

    /// <summary>Disarms the finalizer of a block that leaves its pool for good: nobody can lose it any more.</summary>
#pragma warning disable CA1816 // Not a dispose: the pool lets go of a free block, which no owner holds.
    internal void Retire() => GC.SuppressFinalize(this);
#pragma warning restore CA1816

    /// <summary>Marks the block as handed out.</summary>
    internal void MarkOut() => Volatile.Write(ref _out, 1);
}
