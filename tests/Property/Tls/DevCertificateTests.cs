using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kes.Credentials.Certificates;

namespace Kes.PropertyTests.Tls;

public class DevCertificateTests
{
    [Fact]
    public async Task The_dev_server_certificate_names_this_machine_and_serves_tls()
    {
        using var certificate = DevCertificate.CreateServer();
        Assert.True(certificate.HasPrivateKey);
        Assert.NotNull(certificate.GetECDsaPrivateKey());
        Assert.Equal("CN=localhost", certificate.Subject);
        Assert.InRange((certificate.NotAfter - certificate.NotBefore).TotalDays, 365, 367);

        var san = Assert.Single(certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>());
        Assert.Equal(["localhost"], san.EnumerateDnsNames());
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], san.EnumerateIPAddresses());
        var eku = Assert.Single(certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        Assert.Equal("1.3.6.1.5.5.7.3.1", Assert.Single(eku.EnhancedKeyUsages.Cast<Oid>()).Value);

        Assert.Equal(certificate.RawData, await TlsHandshake.ServerCertificateSeenByClientAsync(certificate));
    }

    [Theory]
    [InlineData(CertificateKeyType.Rsa)]
    [InlineData(CertificateKeyType.Ecdsa)]
    public void Rsa_and_ecdsa_client_certificates_carry_a_usable_private_key(CertificateKeyType type)
    {
        using var generated = DevCertificate.CreateClient(type, "tester");
        using var certificate = generated.ToX509Certificate2();
        Assert.True(certificate.HasPrivateKey);
        Assert.Equal("CN=tester", certificate.Subject);
        Assert.Equal(generated.CertificateDer.ToArray(), certificate.RawData);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", generated.CertificatePem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ed25519_client_certificate_is_given_as_der_and_pem_only()
    {
        using var generated = DevCertificate.CreateClient(CertificateKeyType.Ed25519);
        using var certificate = X509CertificateLoader.LoadCertificate(generated.CertificateDer.Span);
        Assert.Equal("1.3.101.112", certificate.GetKeyAlgorithm());
        Assert.Equal(48, generated.PrivateKeyPkcs8.Length);
        Assert.Throws<PlatformNotSupportedException>(() => generated.ToX509Certificate2());
    }
}
