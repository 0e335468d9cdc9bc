using System.Net;
using System.Security.Cryptography.X509Certificates;
using Kes.Application.Caching;
using Kes.Domain.Identities;
using Kes.Domain.Policies;
using Kes.Domain.Ports;

namespace Kes.Api.Hosting;

/// <summary>Everything the server needs to run, resolved from a config file or from dev mode.</summary>
public sealed record ServerSettings
{
    /// <summary>The default of <see cref="MaxConnections"/> (docs/api.md §1).</summary>
    public const int DefaultMaxConnections = 4096;

    /// <summary>The default of <see cref="MaxBodyBytesInFlight"/>: an eighth of the 256 MiB heap, since Kestrel's flow-control windows hold up to 1 MiB per connection besides it (docs/api.md §3 step 4).</summary>
    public const long DefaultMaxBodyBytesInFlight = 32L << 20;

    /// <summary>The default of <see cref="MaxHeldBlockBytes"/>: another eighth of the heap; each block an unsent answer holds comes with about 5.5 KiB of Kestrel's stream state (docs/api.md §1).</summary>
    public const long DefaultMaxHeldBlockBytes = 32L << 20;

    /// <summary>Where to listen.</summary>
    public required IPEndPoint Address { get; init; }

    /// <summary>The server certificate with its private key.</summary>
    public required X509Certificate2 Certificate { get; init; }

    /// <summary>Extra certificates of the server's chain, sent after the leaf.</summary>
    public X509Certificate2Collection Chain { get; init; } = [];

    /// <summary>Whether client certificates are verified (<c>tls.auth: on</c>).</summary>
    public bool VerifyClientCertificates { get; init; }

    /// <summary>CA certificates added to the system roots for verification.</summary>
    public X509Certificate2Collection ClientCertificateAuthorities { get; init; } = [];

    /// <summary>The admin identity; an unmatchable value such as <c>disabled</c> turns the admin off.</summary>
    public required Identity Admin { get; init; }

    /// <summary>Who may do what; its admin is <see cref="Admin"/>.</summary>
    public required PolicySet Policies { get; init; }

    /// <summary>The keystore, opened; the server state built from these settings owns and closes it.</summary>
    public required IKeyStore KeyStore { get; init; }

    /// <summary>What the banner says about the keystore, e.g. <c>Filesystem: ./keys</c>.</summary>
    public required string KeyStoreDescription { get; init; }

    /// <summary>The cache expiries.</summary>
    public CacheOptions Cache { get; init; } = CacheOptions.Default;

    /// <summary>The error-log level (slog numbering).</summary>
    public int ErrorLogLevel { get; init; }

    /// <summary>The audit-log level (slog numbering).</summary>
    public int AuditLogLevel { get; init; }

    /// <summary>Per-route overrides from the <c>api:</c> section, by exact route path.</summary>
    public IReadOnlyDictionary<string, RouteOverride> RouteOverrides { get; init; } = new Dictionary<string, RouteOverride>();

    /// <summary>FIPS mode (docs/crypto.md §9): AES256 only.</summary>
    public bool Fips { get; init; }

    /// <summary>Keys to create at startup if missing.</summary>
    public IReadOnlyList<string> DeclaredKeys { get; init; } = [];

    /// <summary>How many connections may be open at once; one more is closed as it is accepted.</summary>
    public int MaxConnections { get; init; } = DefaultMaxConnections;

    /// <summary>How many bytes of request bodies the server holds at once while they arrive; a body that would pass it is answered 503.</summary>
    public long MaxBodyBytesInFlight { get; init; } = DefaultMaxBodyBytesInFlight;

    /// <summary>How many bytes of Kestrel's blocks may be out across all connections before new requests are refused (docs/api.md §1).</summary>
    public long MaxHeldBlockBytes { get; init; } = DefaultMaxHeldBlockBytes;

    /// <summary>Lines the banner adds after the standard ones (dev mode's API key).</summary>
    public IReadOnlyList<(string Label, string Value)> ExtraBannerLines { get; init; } = [];
}

/// <summary>An <c>api.&lt;path&gt;</c> entry: skip authentication and/or replace the timeout.</summary>
public sealed record RouteOverride(bool SkipAuth, TimeSpan Timeout);
