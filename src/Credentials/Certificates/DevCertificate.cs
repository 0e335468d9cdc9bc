using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kes.Domain.Keys;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math.EC.Rfc8032;
using Org.BouncyCastle.Security;

namespace Kes.Credentials.Certificates;

/// <summary>Self-signed certificates for development and tests: the <c>--dev</c> server certificate, and client or server certificates of every key type KES accepts.</summary>
public static class DevCertificate
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>A server certificate for this machine: ECDSA P-256, CN and DNS SAN <c>localhost</c>, IP SANs 127.0.0.1 and ::1, serverAuth, valid for a year.</summary>
    /// <returns>A certificate whose private key Kestrel can use.</returns>
    public static X509Certificate2 CreateServer()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid)], critical: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());

        // A minute of slack for clients whose clock is slightly behind.
        var now = DateTimeOffset.UtcNow;
        return Pkcs12RoundTrip.Of(request.CreateSelfSigned(now.AddMinutes(-1), now.AddYears(1)));
    }

    /// <summary>A self-signed client certificate (clientAuth, not a CA, valid for 90 days) with a fresh key.</summary>
    public static GeneratedCertificate CreateClient(CertificateKeyType keyType, string commonName = "kes-client") =>
        Create(keyType, new CertificateTemplate { CommonName = commonName, ClientAuth = true, Validity = TimeSpan.FromDays(90) });

    /// <summary>A self-signed certificate for <paramref name="template"/> with a fresh key of <paramref name="keyType"/>.</summary>
    public static GeneratedCertificate Create(CertificateKeyType keyType, CertificateTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        switch (keyType)
        {
            case CertificateKeyType.Ecdsa:
                using (var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                {
                    return CreateWithPlatformKey(keyType, ecdsa, "SHA256WITHECDSA", template);
                }

            case CertificateKeyType.Rsa:
                using (var rsa = RSA.Create(2048))
                {
                    return CreateWithPlatformKey(keyType, rsa, "SHA256WITHRSA", template);
                }

            case CertificateKeyType.Ed25519:
                using (var seed = SecretMemory.Random(Ed25519.SecretKeySize))
                {
                    var publicKey = new byte[Ed25519.PublicKeySize];
                    Ed25519.GeneratePublicKey(seed.Span, publicKey);
                    return X509Generator.CreateEd25519(seed, publicKey, template);
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(keyType), keyType, "unknown key type");
        }
    }

    // The platform generates RSA and ECDSA keys far faster than BouncyCastle; BouncyCastle only signs.
    private static GeneratedCertificate CreateWithPlatformKey(CertificateKeyType keyType, AsymmetricAlgorithm key, string signatureAlgorithm, CertificateTemplate template)
    {
        var pkcs8 = key.ExportPkcs8PrivateKey();
        try
        {
            var signer = new Asn1SignatureFactory(signatureAlgorithm, PrivateKeyFactory.CreateKey(pkcs8));
            var der = X509Generator.Create(template, PublicKeyFactory.CreateKey(key.ExportSubjectPublicKeyInfo()), signer);
            return new GeneratedCertificate(keyType, der, pkcs8);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }
}
