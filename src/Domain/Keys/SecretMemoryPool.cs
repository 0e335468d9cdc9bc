using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Kes.Domain.Keys;

/// <summary>Reusable blocks of <see cref="SecretMemory"/> for short-lived secrets (a data key and its ciphertext, a decrypted DEK): zeroed on return, so a request neither allocates a native block nor registers a finalizer.</summary>
public static class SecretMemoryPool
{
    /// <summary>The size of every pooled block (a 32-byte data key beside its 76-byte ciphertext fits); larger secrets get a block of their own.</summary>
    public const int BlockSize = 128;

    private const int MaxPooled = 1024;
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

        return new PooledSecret(block, Volatile.Read(ref block.Lease), length);
    }

    /// <summary>Zeroes <paramref name="block"/> and keeps it for the next request, or frees it; a no-op for a lease already returned.</summary>
    internal static void Return(SecretMemory block, int lease)
    {
        if (Interlocked.CompareExchange(ref block.Lease, lease + 1, lease) != lease)
        {
            return;
        }

        if (block.Length != BlockSize || block.IsClosed)
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

        CryptographicOperations.ZeroMemory(block.Span);
        Blocks.Enqueue(block);
    }
}
