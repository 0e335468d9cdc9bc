using Kes.Domain.Keys;

namespace Kes.Application.Keys;

/// <summary>A reply that carries secret bytes (a DEK, a decrypted plaintext) in pinned native memory; the HTTP layer writes it out and then disposes it, which zeroes it.</summary>
public sealed class SecretBytes(SecretMemory bytes) : IDisposable
{
    /// <summary>The secret bytes, valid until disposed.</summary>
    public ReadOnlySpan<byte> Span => bytes.Span;

    /// <inheritdoc />
    public void Dispose() => bytes.Dispose();
}
