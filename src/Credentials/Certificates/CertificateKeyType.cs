namespace Kes.Credentials.Certificates;

/// <summary>The key algorithms KES certificates use.</summary>
public enum CertificateKeyType
{
    /// <summary>ECDSA on P-256, signed with SHA-256.</summary>
    Ecdsa,

    /// <summary>RSA 2048, signed with SHA-256 (PKCS#1 v1.5).</summary>
    Rsa,

    /// <summary>Ed25519 (RFC 8410), the key type of API keys.</summary>
    Ed25519,
}
