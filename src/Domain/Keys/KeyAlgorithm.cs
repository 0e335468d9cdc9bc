namespace Kes.Domain.Keys;

/// <summary>The AEAD a secret key seals with; the numeric values are the protobuf <c>SecretKey.Type</c> codes.</summary>
public enum KeyAlgorithm
{
    /// <summary>AES-256-GCM with an HMAC-SHA256 derived per-message key.</summary>
    Aes256 = 1,

    /// <summary>ChaCha20-Poly1305 with an HChaCha20 derived per-message key.</summary>
    ChaCha20 = 2,
}
