using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Kes.Client.Tls;
using Kes.Credentials.Certificates;
using Kes.Domain.Identities;

namespace Kes.Client.Credentials;

/// <summary>An RSA or ECDSA client certificate, presented by the platform TLS stack.</summary>
internal sealed class CertificateCredentials : KesCredentials
{
    private readonly X509Certificate2 _certificate;
    private readonly X509Certificate2Collection _chain;
    private readonly bool _ownsChain;

    public CertificateCredentials(X509Certificate2 certificate, X509Certificate2Collection chain, bool ownsChain)
    {
        _certificate = certificate;
        _chain = chain;
        _ownsChain = ownsChain;
        Identity = CertificateIdentity.Of(certificate.RawDataMemory);
    }

    public override Identity Identity { get; }

    internal override bool UsesBouncyCastle => false;

    internal override HttpMessageHandler CreateHandler(ServerCertificateCheck check)
    {
        var context = SslStreamCertificateContext.Create(_certificate, _chain, offline: true);
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 10,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificateContext = context,
                RemoteCertificateValidationCallback = (sender, certificate, chain, _) =>
                {
                    if (check.Insecure)
                    {
                        return true;
                    }

                    if (certificate is null)
                    {
                        return false;
                    }

                    var host = (sender as SslStream)?.TargetHostName ?? string.Empty;
                    using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                    return check.Verify(leaf, chain?.ChainPolicy.ExtraStore ?? [], host) is null;
                },
            },
        };
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        _certificate.Dispose();
        if (_ownsChain)
        {
            foreach (var certificate in _chain)
            {
                certificate.Dispose();
            }
        }
    }
}
