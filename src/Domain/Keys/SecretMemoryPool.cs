using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Kes.Domain.Keys;

/// <summary>Reusable blocks of <see cref="SecretMemory"/> for short-lived secrets (a data key and its ciphertext, a decrypted DEK): zeroed on return, so a request neither allocates a native block nor registers a finalizer.</summary>
/// <remarks>
/// Each block's <see cref="SecretMemory.PoolState"/> packs the lease count (high 32 bits), a returned
/// flag and the number of reads under way. A <see cref="PooledSecret"/> reads only while it holds one of
/// those reads for its own lease, and the block is zeroed and handed on only when it was returned and
/// the last read is over, so no read ever sees the next renter's bytes or a block that went back.
/// </remarks>
public static class SecretMemoryPool
{
    /// <summary>The size of every pooled block (a 32-byte data key beside its 76-byte ciphertext fits); larger secrets get a block of their own.</summary>
    public const int BlockSize = 128;

    private const int MaxPooled = 1024;
    private const long Returned = 1L << 31;
    private const long Readers = Returned - 1;
    private static readonly ConcurrentQueue<SecretMemory> Blocks = new();

    // ConcurrentQueue.Count walks the queue's segments; a counter beside it keeps Return cheap.
    private static int _pooled;

    /// <summary>A zeroed block of <paramref name="length"/> bytes; dispose it (any copy, once) to give it back.</summary>
    public static PooledSecret Rent(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        SecretMemory block;
        if (length > BlockSize)
        {
            block = SecretMemory.Allocate(length);
        }
        else if (Blocks.TryDequeue(out var pooled))
        {
            Interlocked.Decrement(ref _pooled);
            block = pooled;
        }
        else
        {
            block = SecretMemory.Allocate(BlockSize);
        }

        return new PooledSecret(block, LeaseOf(Volatile.Read(ref block.PoolState)), length);
    }

    /// <summary>Starts a read of <paramref name="block"/> under <paramref name="lease"/>; throws <see cref="ObjectDisposedException"/> once that lease was returned.</summary>
    internal static void Enter(SecretMemory block, int lease)
    {
        while (true)
        {
            var state = Volatile.Read(ref block.PoolState);
            ObjectDisposedException.ThrowIf(LeaseOf(state) != lease || (state & Returned) != 0, typeof(PooledSecret));
            if (Interlocked.CompareExchange(ref block.PoolState, state + 1, state) == state)
            {
                return;
            }
        }
    }

    /// <summary>Ends a read; the last read of a returned block recycles it.</summary>
    internal static void Exit(SecretMemory block)
    {
        var state = Interlocked.Decrement(ref block.PoolState);
        if ((state & Readers) == 0 && (state & Returned) != 0)
        {
            Recycle(block, state);
        }
    }

    /// <summary>Marks <paramref name="lease"/> returned, recycling the block now or after the reads under way; a no-op for a lease already returned.</summary>
    internal static void Return(SecretMemory block, int lease)
    {
        while (true)
        {
            var state = Volatile.Read(ref block.PoolState);
            if (LeaseOf(state) != lease || (state & Returned) != 0)
            {
                return;
            }

            var returned = state | Returned;
            if (Interlocked.CompareExchange(ref block.PoolState, returned, state) == state)
            {
                if ((returned & Readers) == 0)
                {
                    Recycle(block, returned);
                }

                return;
            }
        }
    }

    private static int LeaseOf(long state) => (int)(state >> 32);

    /// <summary>Zeroes the block, then opens its next lease and keeps it, or frees it.</summary>
    private static void Recycle(SecretMemory block, long state)
    {
        CryptographicOperations.ZeroMemory(block.Span);
        Volatile.Write(ref block.PoolState, (long)unchecked(LeaseOf(state) + 1) << 32);
        if (block.Length != BlockSize)
        {
            block.Dispose();
            return;
        }

        if (Interlocked.Increment(ref _pooled) > MaxPooled)
        {
            Interlocked.Decrement(ref _pooled);
            block.Dispose();
            return;
        }

        Blocks.Enqueue(block);
    }
}
