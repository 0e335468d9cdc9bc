using Kes.Domain.Keys;

namespace Kes.Domain.Ports;

/// <summary>A sealing core: turns a secret key into a cipher that seals and opens in the KES ciphertext format.</summary>
public interface ISealer
{
    /// <summary>A short name for logs and the banner, e.g. <c>fast</c> or <c>reference</c>.</summary>
    string Name { get; }

    /// <summary>Builds a cipher for <paramref name="key"/>; any per-key precomputation happens here, once.</summary>
    IKeyCipher CreateCipher(SecretKey key);

    /// <summary>Runs the core's known-answer tests; false means the core must not be used.</summary>
    bool SelfTest();
}
