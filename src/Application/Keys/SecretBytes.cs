using Kes.Domain.Keys;

namespace Kes.Application.Keys;

/// <summary>A reply that carries secret bytes (a decrypted plaintext) in a pooled pinned block; the HTTP layer writes it out and then disposes it, which zeroes it.</summary>
public readonly struct SecretBytes(PooledSecret block, int length) : IDisposable
{
    /// <summary>The secret bytes, valid until disposed.</summary>
    public ReadOnlySpan<byte> Span => block.Span[..length];

    /// <summary>Zeroes the bytes and returns their block to the pool (once, whichever copy is disposed).</summary>
    public void Dispose() => block.Dispose();
}
