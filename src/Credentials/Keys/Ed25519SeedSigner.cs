using Kes.Domain.Keys;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Kes.Credentials.Keys;

/// <summary>Pure Ed25519 (RFC 8032) signatures with a seed that stays in <see cref="SecretMemory"/>, for certificate signing and the TLS CertificateVerify alike.</summary>
public static class Ed25519SeedSigner
{
    /// <summary>The 64-byte signature of <paramref name="message"/>; the seed is held by a reference for the duration.</summary>
    public static byte[] Sign(SecretMemory seed, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var signature = new byte[Ed25519.SignatureSize];
        var added = false;
        seed.DangerousAddRef(ref added);
        try
        {
            // The overload with a context would be Ed25519ctx; this one is plain Ed25519, as Go signs.
            Ed25519.Sign(seed.Span, publicKey, message, signature);
        }
        finally
        {
            if (added)
            {
                seed.DangerousRelease();
            }
        }

        return signature;
    }
}
