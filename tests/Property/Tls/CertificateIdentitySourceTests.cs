using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kes.Domain.Errors;
using Kes.Domain.Identities;
using Kes.Credentials.Certificates;
using Kes.Infrastructure.Tls;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Kes.PropertyTests.Tls;

public class CertificateIdentitySourceTests
{
    private static readonly CertificateIdentitySource Source = new();

    private static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string ExpectedIdentity(ReadOnlyMemory<byte> der)
    {
        using var certificate = X509CertificateLoader.LoadCertificate(der.Span);
        if (certificate.GetKeyAlgorithm() == "1.3.101.112")
        {
            // .NET cannot re-encode an Ed25519 key; RFC 8410 fixes its SPKI to this prefix and the raw key.
            var spki = Convert.FromHexString("302a300506032b6570032100").Concat(certificate.PublicKey.EncodedKeyValue.RawData).ToArray();
            return Sha256Hex(spki);
        }

        return Sha256Hex(certificate.PublicKey.ExportSubjectPublicKeyInfo());
    }

    private static ReadOnlyMemory<byte> Leaf(CertificateKeyType type)
    {
        using var generated = DevCertificate.CreateClient(type);
        return generated.CertificateDer;
    }

    private static ReadOnlyMemory<byte> Authority(CertificateKeyType type)
    {
        using var generated = DevCertificate.Create(type, new CertificateTemplate { CommonName = "kes-ca", IsCertificateAuthority = true });
        return generated.CertificateDer;
    }

    [Theory]
    [InlineData(CertificateKeyType.Rsa)]
    [InlineData(CertificateKeyType.Ecdsa)]
    [InlineData(CertificateKeyType.Ed25519)]
    public void The_identity_is_the_sha256_of_the_subject_public_key_info(CertificateKeyType type)
    {
        var der = Leaf(type);
        var identity = Source.Identify([der]);
        Assert.Equal(64, identity.Value.Length);
        Assert.Equal(ExpectedIdentity(der), identity.Value);
        using var certificate = X509CertificateLoader.LoadCertificate(der.Span);
        Assert.Equal(identity, CertificateIdentity.Of(certificate.RawDataMemory));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Platform_made_rsa_and_ecdsa_certificates_hash_their_spki(bool rsa)
    {
        using AsymmetricAlgorithm key = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var request = key is RSA r
            ? new CertificateRequest("CN=client", r, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest("CN=client", (ECDsa)key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        var expected = Sha256Hex(certificate.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(expected, Source.Identify([certificate.RawDataMemory]).Value);
        Assert.Equal(expected, CertificateIdentity.Of(certificate.RawDataMemory).Value);
    }

    [Fact]
    public void A_version_1_certificate_without_the_explicit_version_is_read_too()
    {
        var keys = new Org.BouncyCastle.Crypto.Generators.ECKeyPairGenerator();
        keys.Init(new Org.BouncyCastle.Crypto.KeyGenerationParameters(new SecureRandom(), 256));
        var pair = keys.GenerateKeyPair();
        var generator = new X509V1CertificateGenerator();
        generator.SetSerialNumber(Org.BouncyCastle.Math.BigInteger.One);
        generator.SetIssuerDN(new X509Name("CN=v1"));
        generator.SetSubjectDN(new X509Name("CN=v1"));
        generator.SetNotBefore(DateTime.UtcNow);
        generator.SetNotAfter(DateTime.UtcNow.AddDays(1));
        generator.SetPublicKey(pair.Public);
        var certificate = generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", pair.Private));
        Assert.Equal(1, certificate.Version);

        var spki = SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(pair.Public).GetEncoded();
        Assert.Equal(Sha256Hex(spki), Source.Identify([certificate.GetEncoded()]).Value);
    }

    [Fact]
    public void Two_certificates_for_one_key_pair_have_the_same_identity()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var a = new CertificateRequest("CN=a", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        using var b = new CertificateRequest("CN=b", key, HashAlgorithmName.SHA384).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-9), DateTimeOffset.UtcNow.AddDays(9));
        Assert.Equal(Source.Identify([a.RawDataMemory]), Source.Identify([b.RawDataMemory]));
    }

    [Theory]
    [InlineData(CertificateKeyType.Rsa)]
    [InlineData(CertificateKeyType.Ecdsa)]
    [InlineData(CertificateKeyType.Ed25519)]
    public void Ca_certificates_are_skipped_wherever_they_are(CertificateKeyType type)
    {
        var leaf = Leaf(type);
        var ca = Authority(type);
        var expected = ExpectedIdentity(leaf);
        Assert.Equal(expected, Source.Identify([leaf, ca]).Value);
        Assert.Equal(expected, Source.Identify([ca, leaf]).Value);
        Assert.Equal(expected, Source.Identify([ca, leaf, Authority(CertificateKeyType.Ecdsa)]).Value);
    }

    [Fact]
    public void A_platform_made_ca_certificate_is_skipped()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=root", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, critical: true));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        AssertRejected(KesError.ClientCertificateRequired, [ca.RawDataMemory]);
    }

    [Fact]
    public void Only_ca_certificates_or_none_at_all_is_no_client_certificate()
    {
        AssertRejected(KesError.ClientCertificateRequired, []);
        AssertRejected(KesError.ClientCertificateRequired, [Authority(CertificateKeyType.Ecdsa)]);
        AssertRejected(KesError.ClientCertificateRequired, [Authority(CertificateKeyType.Rsa), Authority(CertificateKeyType.Ed25519)]);
    }

    [Fact]
    public void Two_leaf_certificates_are_rejected()
    {
        AssertRejected(KesError.TooManyClientCertificates, [Leaf(CertificateKeyType.Ecdsa), Leaf(CertificateKeyType.Ed25519)]);
        var leaf = Leaf(CertificateKeyType.Rsa);
        AssertRejected(KesError.TooManyClientCertificates, [leaf, Authority(CertificateKeyType.Rsa), leaf]);
    }

    [Fact]
    public void A_basic_constraints_extension_with_ca_false_is_a_leaf()
    {
        var der = Leaf(CertificateKeyType.Ecdsa);
        using var certificate = X509CertificateLoader.LoadCertificate(der.Span);
        Assert.False(Assert.Single(certificate.Extensions.OfType<X509BasicConstraintsExtension>()).CertificateAuthority);
        Assert.Equal(ExpectedIdentity(der), Source.Identify([der]).Value);
    }

    [Property(MaxTest = 200)]
    public Property Damaged_certificates_give_an_identity_or_the_kes_error_never_a_crash() =>
        Prop.ForAll(Gen.Choose(0, 10_000).ToArbitrary(), Gen.Choose(0, 255).ToArbitrary(), (position, value) =>
        {
            var der = EcdsaLeaf.ToArray();
            var index = position % (der.Length + 1);
            var damaged = index == der.Length ? der[..(position % der.Length)] : der;
            if (index < der.Length)
            {
                damaged[index] = (byte)value;
            }

            try
            {
                return Identity.IsValid(Source.Identify([damaged]).Value);
            }
            catch (KesException e)
            {
                return e.Error == KesError.ClientCertificateRequired;
            }
        });

    private static readonly ReadOnlyMemory<byte> EcdsaLeaf = Leaf(CertificateKeyType.Ecdsa);

    private static void AssertRejected(KesError error, ReadOnlyMemory<byte>[] certificates) =>
        Assert.Equal(error, Assert.Throws<KesException>(() => Source.Identify(certificates)).Error);
}
