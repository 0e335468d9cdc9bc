using Kes.Domain.Keys;

namespace Kes.Application.Keys;

/// <summary>A reply that carries secret bytes (a DEK, a decrypted plaintext) in pinned native memory; the HTTP layer writes it out and then disposes it, which zeroes it.</summary>
public sealed class SecretBytes(SecretMemory block, int length) : IDisposable
{
    /// <summary>The secret bytes, valid until disposed.</summary>
    public ReadOnlySpan<byte> Span => block.Span[..length];

    private int _disposed;

    /// <summary>Zeroes the bytes and returns their block to the pool, once.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            SecretMemoryPool.Return(block);
        }
    }
}
