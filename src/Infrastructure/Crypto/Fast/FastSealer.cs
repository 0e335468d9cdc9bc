using Kes.Domain.Keys;
using Kes.Domain.Ports;
using Kes.Infrastructure.Crypto.SelfTest;

namespace Kes.Infrastructure.Crypto.Fast;

/// <summary>The zero-allocation sealing core: AES-256-GCM on AES-NI and PCLMULQDQ, vectorised ChaCha20-Poly1305, HMAC with precomputed states.</summary>
public sealed class FastSealer : ISealer
{
    /// <summary>Whether this CPU has what the AES path needs; where it does not, <see cref="Sealers"/> picks the reference core.</summary>
    public static bool IsSupported => FastAes256Cipher.IsSupported;

    /// <inheritdoc />
    public string Name => "fast";

    /// <inheritdoc />
    public IKeyCipher CreateCipher(SecretKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Algorithm == KeyAlgorithm.Aes256 ? new FastAes256Cipher(key) : new FastChaCha20Cipher(key);
    }

    /// <inheritdoc />
    public bool SelfTest() => KnownAnswerTests.Run(this);
}
