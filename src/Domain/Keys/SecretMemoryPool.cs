using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Kes.Domain.Keys;

/// <summary>Reusable blocks of <see cref="SecretMemory"/> for short-lived secrets (a data key, a decrypted DEK): zeroed on return, so a request neither allocates a native block nor registers a finalizer.</summary>
public static class SecretMemoryPool
{
    /// <summary>The size of every pooled block; larger secrets get a block of their own.</summary>
    public const int BlockSize = 64;

    private const int MaxPooled = 1024;
    private static readonly ConcurrentQueue<SecretMemory> Blocks = new();

    /// <summary>A zeroed block of at least <paramref name="length"/> bytes; give it back with <see cref="Return"/>.</summary>
    public static SecretMemory Rent(int length)
    {
        if (length > BlockSize)
        {
            return SecretMemory.Allocate(length);
        }

        return Blocks.TryDequeue(out var block) ? block : SecretMemory.Allocate(BlockSize);
    }

    /// <summary>Zeroes <paramref name="block"/> and keeps it for the next request, or frees it.</summary>
    public static void Return(SecretMemory block)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (block.Length != BlockSize || block.IsClosed || Blocks.Count >= MaxPooled)
        {
            block.Dispose();
            return;
        }

        CryptographicOperations.ZeroMemory(block.Span);
        Blocks.Enqueue(block);
    }
}
