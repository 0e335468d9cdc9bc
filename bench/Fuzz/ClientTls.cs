using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Kes.Bench.Fuzz;

/// <summary>The client side of the tool's TLS: one client certificate, and trust in exactly the server certificate the tool made.</summary>
internal static class ClientTls
{
    public static SslClientAuthenticationOptions Options(X509Certificate2 certificate, X509Certificate2 serverCertificate, SslApplicationProtocol protocol) => new()
    {
        ClientCertificates = [certificate],
        LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate,
        RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(serverCertificate.RawData),
        ApplicationProtocols = [protocol],
    };
}
