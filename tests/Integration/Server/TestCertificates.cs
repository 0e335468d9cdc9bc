using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kes.Domain.Identities;

namespace Kes.IntegrationTests.Server;

/// <summary>Certificates made at test time: a server certificate for 127.0.0.1 and client certificates of several key types.</summary>
public static class TestCertificates
{
    /// <summary>A self-signed ECDSA P-256 server certificate with the IP SAN 127.0.0.1 and a private key Kestrel can use.</summary>
    public static X509Certificate2 Server()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>A self-signed ECDSA client certificate.</summary>
    public static X509Certificate2 EcdsaClient(string name = "client")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return Client(new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256));
    }

    /// <summary>A self-signed RSA client certificate.</summary>
    public static X509Certificate2 RsaClient(string name = "rsa-client")
    {
        using var key = RSA.Create(2048);
        return Client(new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    /// <summary>The KES identity of <paramref name="certificate"/>, computed independently of the server's code.</summary>
    public static Identity IdentityOf(X509Certificate2 certificate) =>
        Identity.FromSubjectPublicKeyInfo(certificate.PublicKey.ExportSubjectPublicKeyInfo());

    private static X509Certificate2 Client(CertificateRequest request)
    {
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
