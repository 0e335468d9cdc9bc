using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kes.Bench.Fuzz;

/// <summary>The campaign's certificates, made at start: a server certificate for 127.0.0.1 and one client certificate per caller.</summary>
internal static class Certificates
{
    public static X509Certificate2 Server() => Create("CN=localhost", "1.3.6.1.5.5.7.3.1", san: true);

    public static X509Certificate2 Client(string name) => Create("CN=" + name, "1.3.6.1.5.5.7.3.2", san: false);

    /// <summary>The KES identity: the hex SHA-256 of the certificate's SubjectPublicKeyInfo.</summary>
    public static string IdentityOf(X509Certificate2 certificate) =>
        Convert.ToHexStringLower(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));

    private static X509Certificate2 Create(string subject, string usage, bool san)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (san)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
