using System.Security.Cryptography.X509Certificates;

namespace Kes.Infrastructure.Tls;

/// <summary>The server's TLS identity loaded from <c>tls.cert</c> and <c>tls.key</c>: the leaf with its private key and the certificates that followed it in the file.</summary>
public sealed class ServerCertificate : IDisposable
{
    internal ServerCertificate(X509Certificate2 certificate, X509Certificate2Collection chain)
    {
        Certificate = certificate;
        Chain = chain;
    }

    /// <summary>The leaf certificate, with a private key the TLS stack can use.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The intermediate certificates, in file order, for Kestrel's <c>ServerCertificateChain</c>.</summary>
    public X509Certificate2Collection Chain { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var certificate in Chain)
        {
            certificate.Dispose();
        }
    }
}
