using System.Net.Security;

namespace Kes.Api.Hosting;

/// <summary>
/// The cipher suites the server offers (docs/api.md §1): in TLS 1.2 only ECDHE with an AEAD (AES-GCM,
/// ChaCha20-Poly1305), the intermediate profile of common TLS guidelines; TLS 1.3's three suites as before.
/// </summary>
public static class TlsCipherSuites
{
    /// <summary>The suites, strongest first within each protocol version.</summary>
    public static IReadOnlyList<TlsCipherSuite> Offered { get; } =
    [
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    /// <summary>Whether a connection that negotiated <paramref name="suite"/> may proceed: an offered suite, or any where the platform picks its own.</summary>
    public static bool Allows(TlsCipherSuite suite) => Policy is null || Offered.Contains(suite);

    /// <summary>The policy for <see cref="SslServerAuthenticationOptions.CipherSuitesPolicy"/>, or null where the platform picks its own (Windows).</summary>
    public static CipherSuitesPolicy? Policy { get; } = OperatingSystem.IsWindows() ? null : new CipherSuitesPolicy(Offered);
}
