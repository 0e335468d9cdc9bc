using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kes.Credentials.Keys;
using Kes.Infrastructure.Tls;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Kes.PropertyTests.Tls;

public class ApiKeyTests
{
    public static TheoryData<string, string, string> ValidVectors()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var v in ApiKeyVectors.All)
        {
            if (!v.ShouldFail)
            {
                data.Add(v.ApiKey, v.PublicKeyHex!, v.Identity!);
            }
        }

        return data;
    }

    public static TheoryData<string> InvalidVectors()
    {
        var data = new TheoryData<string>();
        foreach (var v in ApiKeyVectors.All)
        {
            if (v.ShouldFail)
            {
                data.Add(v.ApiKey);
            }
        }

        return data;
    }

    [Fact]
    public void The_vector_file_has_both_valid_and_invalid_keys()
    {
        Assert.Equal(5, ValidVectors().Count);
        Assert.Equal(3, InvalidVectors().Count);
    }

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void Vector_keys_give_the_published_public_key_and_identity(string apiKey, string publicKeyHex, string identity)
    {
        using var key = ApiKey.Parse(apiKey);
        Assert.Equal(publicKeyHex, Convert.ToHexStringLower(key.PublicKey));
        Assert.Equal(identity, key.Identity.Value);
        Assert.Equal(apiKey, key.Reveal());
    }

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void The_prefix_is_optional_as_in_kms_go(string apiKey, string publicKeyHex, string identity)
    {
        _ = publicKeyHex;
        using var key = ApiKey.Parse(apiKey[ApiKey.Prefix.Length..]);
        Assert.Equal(identity, key.Identity.Value);
        Assert.Equal(apiKey, key.Reveal());
    }

    [Theory]
    [MemberData(nameof(InvalidVectors))]
    public void Vector_keys_marked_invalid_are_rejected(string apiKey)
    {
        Assert.Throws<FormatException>(() => ApiKey.Parse(apiKey));
        Assert.False(ApiKey.TryParse(apiKey, out var key));
        Assert.Null(key);
    }

    [Theory]
    [InlineData("v1:AM0F5TP43FYEShMzA42f2drFYGnBOiNx7UH4DK0nm08E", "illegal base64 data at input byte 2")]
    [InlineData("kes:AM0F5TP43FYEShMzA42f2drFYGnBOiNx7UH4DK0nm08E", "illegal base64 data at input byte 3")]
    [InlineData("kes:v1:sbDvZFqUPFFwxRS4EkuoEb2nyyInkdKSUEYHXFHeTouW", "kes: invalid API key: unsupported type")]
    [InlineData("kes:v1:AM0F5TP43FYEShMzA42f2drFYGnBOiNx7UH4DK0n", "kes: invalid API key: invalid length")]
    [InlineData("kes:v1:AM0F5TP43FYEShMzA42f2drFYGnBOiNx7UH4DK0nm0", "illegal base64 data at input byte 40")]
    [InlineData("kes:v1:AM0F5TP43FYEShMzA42f2drFYGnBOiNx7UH4DK0nm08EAAAA", "kes: invalid API key: invalid length")]
    [InlineData("kes:v1:", "kes: invalid API key: invalid length")]
    [InlineData("kes:v1:AM0F5TP43FYEShMzA42f2drFYGnBOiNx7UH4DK0nm08", "illegal base64 data at input byte 40")]
    public void Parse_errors_carry_the_kms_go_messages(string apiKey, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => ApiKey.Parse(apiKey)).Message);

    [Property(MaxTest = 20)]
    public Property A_generated_key_round_trips_through_its_string() =>
        Prop.ForAll(Gen.Constant(0).ToArbitrary(), _ =>
        {
            using var key = ApiKey.Generate();
            var text = key.Reveal();
            using var parsed = ApiKey.Parse(text);
            return text.StartsWith(ApiKey.Prefix, StringComparison.Ordinal)
                && text.Length == ApiKey.Prefix.Length + 44
                && parsed.Identity == key.Identity
                && parsed.PublicKey.SequenceEqual(key.PublicKey);
        });

    [Property]
    public Property The_identity_is_the_hash_of_the_ed25519_spki(byte[] material)
    {
        var seed = new byte[ApiKey.SeedSize];
        material.AsSpan(0, Math.Min(material.Length, seed.Length)).CopyTo(seed);
        using var key = ApiKey.FromSeed(seed);
        var expected = new Ed25519PrivateKeyParameters(seed).GeneratePublicKey().GetEncoded();
        var spki = Convert.FromHexString("302a300506032b6570032100").Concat(expected).ToArray();
        return (key.PublicKey.SequenceEqual(expected)
            && key.Identity.Value == Convert.ToHexStringLower(SHA256.HashData(spki))).ToProperty();
    }

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void The_generated_certificate_has_the_identity_of_the_key(string apiKey, string publicKeyHex, string identity)
    {
        _ = publicKeyHex;
        using var key = ApiKey.Parse(apiKey);
        using var certificate = key.CreateCertificate();
        Assert.Equal(identity, new CertificateIdentitySource().Identify([certificate.CertificateDer]).Value);
    }

    [Fact]
    public void The_generated_certificate_follows_cli_md_section_3()
    {
        using var key = ApiKey.Generate();
        var before = DateTime.UtcNow.AddSeconds(-1);
        using var generated = key.CreateCertificate();
        using var certificate = X509CertificateLoader.LoadCertificate(generated.CertificateDer.Span);

        Assert.Equal(3, certificate.Version);
        Assert.Equal("CN=" + key.Identity.Value, certificate.Subject);
        Assert.Equal(certificate.Subject, certificate.Issuer);
        Assert.InRange(certificate.NotBefore.ToUniversalTime(), before, DateTime.UtcNow);
        Assert.Equal(TimeSpan.FromDays(90), certificate.NotAfter - certificate.NotBefore);
        Assert.True(certificate.SerialNumberBytes.Length <= 17);

        var usage = Assert.Single(certificate.Extensions.OfType<X509KeyUsageExtension>());
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, usage.KeyUsages);
        Assert.True(usage.Critical);
        var eku = Assert.Single(certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        Assert.Equal("1.3.6.1.5.5.7.3.2", Assert.Single(eku.EnhancedKeyUsages.Cast<Oid>()).Value);
        var constraints = Assert.Single(certificate.Extensions.OfType<X509BasicConstraintsExtension>());
        Assert.False(constraints.CertificateAuthority);

        var parsed = new BcCertificate(generated.CertificateDer.ToArray());
        parsed.Verify(new Ed25519PublicKeyParameters(key.PublicKey));
    }

    [Fact]
    public void The_generated_private_key_is_go_pkcs8_for_the_same_seed()
    {
        using var key = ApiKey.Parse("kes:v1:AD9E7FSYWrMD+VjhI6q545cYT9YOyFxZb7UnjEepYDRc");
        using var certificate = key.CreateCertificate();
        var pkcs8 = certificate.PrivateKeyPkcs8.ToArray();
        Assert.Equal(48, pkcs8.Length);
        Assert.Equal("302e020100300506032b657004220420", Convert.ToHexStringLower(pkcs8.AsSpan(0, 16)));
        Assert.Equal(Convert.FromBase64String("AD9E7FSYWrMD+VjhI6q545cYT9YOyFxZb7UnjEepYDRc")[1..], pkcs8[16..]);

        var parsed = (Ed25519PrivateKeyParameters)PrivateKeyFactory.CreateKey(pkcs8);
        Assert.Equal(key.PublicKey.ToArray(), parsed.GeneratePublicKey().GetEncoded());
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", new string(certificate.PrivateKeyPem), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_certificates_for_one_key_share_the_identity_but_not_the_serial()
    {
        using var key = ApiKey.Generate();
        using var first = key.CreateCertificate();
        using var second = key.CreateCertificate();
        Assert.False(first.CertificateDer.Span.SequenceEqual(second.CertificateDer.Span));
        var source = new CertificateIdentitySource();
        Assert.Equal(source.Identify([first.CertificateDer]), source.Identify([second.CertificateDer]));
    }

    [Fact]
    public void A_disposed_key_and_certificate_no_longer_give_out_the_secret()
    {
        var key = ApiKey.Generate();
        var certificate = key.CreateCertificate();
        key.Dispose();
        certificate.Dispose();
        Assert.Throws<ObjectDisposedException>(() => key.Reveal());
        Assert.Throws<ObjectDisposedException>(() => certificate.PrivateKeyPem.Length);
    }

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void ToString_and_interpolation_give_the_identity_never_the_key(string apiKey, string publicKeyHex, string identity)
    {
        _ = publicKeyHex;
        using var key = ApiKey.Parse(apiKey);
        var secret = apiKey[ApiKey.Prefix.Length..];
        var logged = $"loaded {key}";
        Assert.Equal(identity, key.ToString());
        Assert.DoesNotContain(secret, logged, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[1..], string.Join(' ', key, (object)key), StringComparison.Ordinal);
    }
}
