using Kes.Domain.Keys;
using Kes.Domain.Ports;
using Kes.Infrastructure.Crypto.SelfTest;

namespace Kes.Infrastructure.Crypto.Reference;

/// <summary>The reference sealing core: plain .NET primitives, checked against the KES vectors, the oracle for faster cores.</summary>
public sealed class ReferenceSealer : ISealer
{
    /// <inheritdoc />
    public string Name => "reference";

    /// <inheritdoc />
    public IKeyCipher CreateCipher(SecretKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Algorithm switch
        {
            KeyAlgorithm.Aes256 => new ReferenceAes256Cipher(key),
            KeyAlgorithm.ChaCha20 => new ReferenceChaCha20Cipher(key),
            _ => throw new ArgumentOutOfRangeException(nameof(key)),
        };
    }

    /// <inheritdoc />
    public bool SelfTest() => KnownAnswerTests.Run(this);
}
