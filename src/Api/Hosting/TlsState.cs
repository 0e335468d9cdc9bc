using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Kes.Api.Hosting;

/// <summary>The TLS side of a configuration: certificate and chain, and how client certificates are asked for and checked (docs/api.md §1). Reloads swap it for new connections.</summary>
public sealed class TlsState
{
    private static readonly List<SslApplicationProtocol> Protocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];
    private readonly SslStreamCertificateContext _certificate;
    private readonly bool _certificateOptional;
    private readonly bool _verify;
    private readonly X509Certificate2Collection _authorities;

    /// <summary>A state from its parts; <paramref name="certificateOptional"/> holds when some route skips authentication.</summary>
    public TlsState(X509Certificate2 certificate, X509Certificate2Collection chain, bool verify, X509Certificate2Collection authorities, bool certificateOptional)
    {
        _certificate = SslStreamCertificateContext.Create(certificate, chain, offline: true);
        _certificateOptional = certificateOptional;
        _verify = verify;
        _authorities = authorities;
    }

    /// <summary>The state for <paramref name="settings"/>.</summary>
    public static TlsState From(ServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new TlsState(
            settings.Certificate,
            settings.Chain,
            settings.VerifyClientCertificates,
            settings.ClientCertificateAuthorities,
            RouteOverrides.AnySkipsAuth(settings.RouteOverrides));
    }

    /// <summary>Whether a connection without a client certificate fails its handshake (no route skips authentication).</summary>
    public bool CertificateRequired => !_certificateOptional;

    /// <summary>Options for one new connection: TLS ≥ 1.2 with AEAD suites only, h2 and http/1.1, a client certificate always requested.</summary>
    public SslServerAuthenticationOptions ForConnection() => new()
    {
        ServerCertificateContext = _certificate,
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        CipherSuitesPolicy = TlsCipherSuites.Policy,
        ApplicationProtocols = Protocols,
        ClientCertificateRequired = true,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = Validate,
    };

    /// <summary>
    /// Required-not-verified by default; required and verified with <c>tls.auth: on</c>; and either
    /// becomes optional once a route skips authentication, as upstream relaxes the handshake.
    /// </summary>
    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return _certificateOptional;
        }

        if (!_verify)
        {
            return true;
        }

        if (certificate is X509Certificate2 typed)
        {
            return ClientCertificateVerifier.Verify(typed, _authorities);
        }

        using var loaded = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return ClientCertificateVerifier.Verify(loaded, _authorities);
    }
}
