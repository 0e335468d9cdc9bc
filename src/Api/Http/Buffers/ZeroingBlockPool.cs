// Kestrel's own block pool hands a block back to the next connection with the previous owner's bytes still in it:
// decrypted request bodies (imported keys, encrypt plaintexts) and response bodies (data keys, decrypted
// plaintexts). This pool zeroes every block as it comes back, so no pooled block outlives its request holding a
// secret (docs/crypto.md §7.4). Kestrel's pool is internal, hence our own copy of its shape: pinned 4 KiB blocks,
// and blocks nobody needed for a whole period are let go, as Kestrel's pool does since .NET 10.
using System.Buffers;
using System.Collections.Concurrent;

namespace Kes.Api.Http.Buffers;

/// <summary>A pool of pinned 4 KiB blocks that are zeroed when they are returned and trimmed when idle.</summary>
public sealed class ZeroingBlockPool : MemoryPool<byte>
{
    /// <summary>The size of every block; Kestrel never asks for more.</summary>
    public const int BlockSize = 4096;

    private readonly ConcurrentQueue<ZeroingBlock> _free = new();
    private readonly Action<ZeroingBlockPool>? _onDispose;
    private readonly HeldBlocks? _held;
    private int _freeCount;
    private int _idleLowWater;
    private long _rented;
    private volatile bool _disposed;

    /// <summary>Makes a pool; <paramref name="onDispose"/> runs once when Kestrel is done with it, and <paramref name="held"/> counts the blocks out of it.</summary>
    public ZeroingBlockPool(Action<ZeroingBlockPool>? onDispose = null, HeldBlocks? held = null)
    {
        _onDispose = onDispose;
        _held = held;
    }

    /// <inheritdoc />
    public override int MaxBufferSize => BlockSize;

    /// <summary>Blocks waiting in the pool.</summary>
    public int FreeCount => Volatile.Read(ref _freeCount);

    /// <summary>Blocks handed out since the pool was made.</summary>
    public long Rented => Interlocked.Read(ref _rented);

    /// <inheritdoc />
    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_free.TryDequeue(out var block))
        {
            var left = Interlocked.Decrement(ref _freeCount);
            if (left < Volatile.Read(ref _idleLowWater))
            {
                Volatile.Write(ref _idleLowWater, left);
            }
        }
        else
        {
            block = new ZeroingBlock(this);
        }

        // Counted once it exists: an allocation that fails at the heap cap must not leave a block counted for good.
        Interlocked.Increment(ref _rented);
        _held?.Took();
        block.MarkOut();
        return block;
    }

    /// <summary>Lets go of the blocks that stayed in the pool since the last call (nobody needed them for a whole period), or of every free block.</summary>
    public void Trim(bool everything = false)
    {
        var idle = everything ? int.MaxValue : Interlocked.Exchange(ref _idleLowWater, Volatile.Read(ref _freeCount));
        for (var i = 0; i < idle && _free.TryDequeue(out var block); i++)
        {
            Interlocked.Decrement(ref _freeCount);
            block.Retire();
        }

        Volatile.Write(ref _idleLowWater, Volatile.Read(ref _freeCount));
    }

    /// <summary>Counts back a block its owner never returned (the collector found it).</summary>
    internal void Lost() => _held?.Gave();

    internal void Return(ZeroingBlock block)
    {
        block.Array.AsSpan().Clear();
        _held?.Gave();
        if (!_disposed)
        {
            _free.Enqueue(block);
            Interlocked.Increment(ref _freeCount);
        }
        else
        {
            block.Retire();
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        while (_free.TryDequeue(out var block))
        {
            block.Retire();
        }

        _onDispose?.Invoke(this);
        Volatile.Write(ref _freeCount, 0);
    }
}
