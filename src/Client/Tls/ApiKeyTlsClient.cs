using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Kes.Client.Tls;

/// <summary>BouncyCastle's TLS client configured for KES: HTTP/1.1 by ALPN, SNI for host names, an Ed25519 client certificate, and the server certificate checked by <see cref="ServerCertificateCheck"/>.</summary>
internal sealed class ApiKeyTlsClient : DefaultTlsClient
{
    private readonly string _host;
    private readonly Ed25519ClientKey _key;
    private readonly ServerCertificateCheck _check;

    public ApiKeyTlsClient(BcTlsCrypto crypto, string host, Ed25519ClientKey key, ServerCertificateCheck check)
        : base(crypto)
    {
        _host = host;
        _key = key;
        _check = check;
    }

    /// <summary>Why the server certificate was rejected, for the error the caller sees instead of a bare alert.</summary>
    public string? RejectionReason { get; private set; }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    protected override IList<ProtocolName> GetProtocolNames() => [ProtocolName.Http_1_1];

    protected override IList<ServerName>? GetSniServerNames() =>
        IPAddress.TryParse(_host.Trim('[', ']'), out _) ? null : [new ServerName(NameType.host_name, Encoding.ASCII.GetBytes(_host))];

    private sealed class Authentication(ApiKeyTlsClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
        {
            var list = serverCertificate.Certificate.GetCertificateList();
            if (list.Length == 0)
            {
                client.RejectionReason = "tls: server sent no certificate";
                throw new TlsFatalAlert(AlertDescription.bad_certificate);
            }

            var certificates = new X509Certificate2[list.Length];
            try
            {
                for (var i = 0; i < list.Length; i++)
                {
                    certificates[i] = X509CertificateLoader.LoadCertificate(list[i].GetEncoded());
                }

                client.RejectionReason = client._check.Verify(certificates[0], certificates.Skip(1), client._host);
            }
            finally
            {
                foreach (var certificate in certificates)
                {
                    certificate?.Dispose();
                }
            }

            if (client.RejectionReason is not null)
            {
                throw new TlsFatalAlert(AlertDescription.bad_certificate);
            }
        }

        public TlsCredentials GetClientCredentials(Org.BouncyCastle.Tls.CertificateRequest certificateRequest)
        {
            var crypto = (BcTlsCrypto)client.Crypto;
            var chain = client._key.CertificateChain;
            var entries = new CertificateEntry[chain.Count];
            var certificates = new TlsCertificate[chain.Count];
            for (var i = 0; i < chain.Count; i++)
            {
                certificates[i] = crypto.CreateCertificate(chain[i]);
                entries[i] = new CertificateEntry(certificates[i], null);
            }

            // TLS 1.3 requires the request's context in the Certificate message (docs/COMPATIBILITY.md trap 1).
            var certificate = TlsUtilities.IsTlsV13(client.m_context)
                ? new Certificate(certificateRequest.GetCertificateRequestContext() ?? [], entries)
                : new Certificate(certificates);
            return new Ed25519TlsSigner(certificate, client._key.Seed, client._key.PublicKey);
        }
    }
}
