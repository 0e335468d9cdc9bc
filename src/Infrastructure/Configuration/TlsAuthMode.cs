namespace Kes.Infrastructure.Configuration;

/// <summary>The <c>tls.auth</c> setting: whether client certificates are verified against the CAs.</summary>
public enum TlsAuthMode
{
    /// <summary>Require a client certificate but do not verify it (<c>""</c> or <c>off</c>).</summary>
    Off,

    /// <summary>Require a client certificate and verify it (<c>on</c>).</summary>
    On,
}
