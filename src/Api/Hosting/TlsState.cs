using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Kes.Api.Http.Tls;

namespace Kes.Api.Hosting;

/// <summary>The TLS side of a configuration: certificate and chain, and how client certificates are asked for and checked (docs/api.md §1). Reloads swap it for new connections.</summary>
public sealed class TlsState
{
    private static readonly List<SslApplicationProtocol> Protocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];
    private readonly SslStreamCertificateContext _certificate;
    private readonly bool _certificateOptional;
    private readonly bool _verify;
    private readonly X509Certificate2Collection _authorities;
    private readonly OpenSslSharedContext? _shared;

    /// <summary>A state from its parts; <paramref name="certificateOptional"/> holds when some route skips authentication.</summary>
    public TlsState(X509Certificate2 certificate, X509Certificate2Collection chain, bool verify, X509Certificate2Collection authorities, bool certificateOptional)
    {
        _certificate = SslStreamCertificateContext.Create(certificate, chain, offline: true);
        _certificateOptional = certificateOptional;
        _verify = verify;
        _authorities = authorities;
        _shared = TlsCipherSuites.Policy is null ? null : OpenSslSharedContext.TryCreate(Options(cipherSuites: null), TlsCipherSuites.Offered);
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

    /// <summary>Whether connections share one OpenSSL context (docs/api.md §1) rather than each building its own.</summary>
    public bool SharesContext => _shared is not null;

    /// <summary>
    /// Options for one new connection: TLS ≥ 1.2 with AEAD suites only, h2 and http/1.1, a client certificate always
    /// requested. With a shared context the suites are the context's, so the options carry no policy (a policy would
    /// make .NET build a context per connection).
    /// </summary>
    public SslServerAuthenticationOptions ForConnection() => Options(_shared is null ? TlsCipherSuites.Policy : null);

    private SslServerAuthenticationOptions Options(CipherSuitesPolicy? cipherSuites) => new()
    {
        ServerCertificateContext = _certificate,
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        CipherSuitesPolicy = cipherSuites,
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
