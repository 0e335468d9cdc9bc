using System.Security.Cryptography;
using Kes.Domain.Keys;
using Kes.Domain.Ports;

namespace Kes.Infrastructure.Crypto.Fips;

/// <summary>FIPS mode (docs/crypto.md §9): AES256 keys seal through the wrapped core; ChaCha20 keys refuse to seal or open.</summary>
/// <remarks>The refusal is an internal failure, not a client mistake, so the API answers the route's generic 500 as upstream's FIPS build does.</remarks>
public sealed class FipsSealer(ISealer inner) : ISealer
{
    /// <inheritdoc />
    public string Name => inner.Name + "+fips";

    /// <inheritdoc />
    public IKeyCipher CreateCipher(SecretKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Algorithm == KeyAlgorithm.Aes256 ? inner.CreateCipher(key) : new RefusingCipher(key.Algorithm);
    }

    /// <inheritdoc />
    public bool SelfTest() => inner.SelfTest();

    /// <summary>A cipher for a key FIPS mode does not allow.</summary>
    private sealed class RefusingCipher(KeyAlgorithm algorithm) : IKeyCipher
    {
        public KeyAlgorithm Algorithm => algorithm;

        public int Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> destination) => throw Refused();

        public int Seal(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> destination) => throw Refused();

        public bool TryOpen(ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> associatedData, Span<byte> destination, out int bytesWritten) => throw Refused();

        public void Dispose()
        {
        }

        private CryptographicException Refused() => new($"{algorithm.Name()} keys are not allowed in FIPS mode");
    }
}
