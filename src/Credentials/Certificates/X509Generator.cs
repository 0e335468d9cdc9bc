using Kes.Credentials.Keys;
using System.Security.Cryptography;
using Kes.Domain.Keys;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC.Rfc8032;
using Org.BouncyCastle.X509;

namespace Kes.Credentials.Certificates;

/// <summary>Builds self-signed X.509 v3 certificates with BouncyCastle, laid out as Go's <c>x509.CreateCertificate</c> lays out the same template.</summary>
internal static class X509Generator
{
    // PKCS#8 PrivateKeyInfo { v1, { id-Ed25519 }, OCTET STRING { OCTET STRING (32) } }, the 48-byte form Go writes.
    private static ReadOnlySpan<byte> Ed25519Pkcs8Prefix => [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

    /// <summary>A self-signed Ed25519 certificate for the key whose seed is <paramref name="seed"/>.</summary>
    public static GeneratedCertificate CreateEd25519(SecretMemory seed, byte[] publicKey, CertificateTemplate template)
    {
        var der = Create(template, new Ed25519PublicKeyParameters(publicKey), new Ed25519SignatureFactory(seed, publicKey));
        Span<byte> pkcs8 = stackalloc byte[Ed25519Pkcs8Prefix.Length + Ed25519.SecretKeySize];
        try
        {
            Ed25519Pkcs8Prefix.CopyTo(pkcs8);
            seed.Span.CopyTo(pkcs8[Ed25519Pkcs8Prefix.Length..]);
            return new GeneratedCertificate(CertificateKeyType.Ed25519, der, pkcs8);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>The DER of a certificate for <paramref name="publicKey"/>, signed by <paramref name="signer"/>.</summary>
    public static byte[] Create(CertificateTemplate template, AsymmetricKeyParameter publicKey, ISignatureFactory signer)
    {
        var notBefore = (template.NotBefore ?? DateTimeOffset.UtcNow).UtcDateTime;
        var name = new X509Name([X509Name.CN], [template.CommonName]);
        var generator = new X509V3CertificateGenerator();
        // A random serial below 2^128, as Go's API-key certificates have.
        generator.SetSerialNumber(new BigInteger(1, RandomNumberGenerator.GetBytes(16)));
        generator.SetSubjectDN(name);
        generator.SetIssuerDN(name);
        generator.SetNotBefore(notBefore);
        generator.SetNotAfter(notBefore + template.Validity);
        generator.SetPublicKey(publicKey);

        var usage = template.IsCertificateAuthority
            ? KeyUsage.DigitalSignature | KeyUsage.KeyCertSign | KeyUsage.CrlSign
            : KeyUsage.DigitalSignature;
        generator.AddExtension(X509Extensions.KeyUsage, critical: true, new KeyUsage(usage));

        var purposes = new List<KeyPurposeID>();
        if (template.ServerAuth)
        {
            purposes.Add(KeyPurposeID.id_kp_serverAuth);
        }

        if (template.ClientAuth)
        {
            purposes.Add(KeyPurposeID.id_kp_clientAuth);
        }

        if (purposes.Count > 0)
        {
            generator.AddExtension(X509Extensions.ExtendedKeyUsage, critical: false, new ExtendedKeyUsage(purposes));
        }

        // Go writes basicConstraints whenever the template sets BasicConstraintsValid, as KES's templates do.
        generator.AddExtension(X509Extensions.BasicConstraints, critical: true, new BasicConstraints(template.IsCertificateAuthority));

        var names = new List<GeneralName>();
        foreach (var dns in template.DnsNames)
        {
            names.Add(new GeneralName(GeneralName.DnsName, dns));
        }

        foreach (var ip in template.IPAddresses)
        {
            names.Add(new GeneralName(GeneralName.IPAddress, ip.ToString()));
        }

        if (names.Count > 0)
        {
            generator.AddExtension(X509Extensions.SubjectAlternativeName, critical: false, new GeneralNames([.. names]));
        }

        return generator.Generate(signer).GetEncoded();
    }
}
