using Kes.Infrastructure.KeyStores;

namespace Kes.Infrastructure.Configuration;

/// <summary>The decoded but unvalidated file, field for field as upstream's <c>ymlFile</c> holds it (durations in nanoseconds).</summary>
internal sealed class RawConfig
{
    public string Address { get; set; } = string.Empty;

    public string Admin { get; set; } = string.Empty;

    public string TlsKey { get; set; } = string.Empty;

    public string TlsCert { get; set; } = string.Empty;

    public string TlsPassword { get; set; } = string.Empty;

    public string TlsAuth { get; set; } = string.Empty;

    /// <summary>The <c>${VAR}</c> that <see cref="TlsAuth"/> came from, which upstream's error message shows.</summary>
    public string TlsAuthVariable { get; set; } = string.Empty;

    public string TlsCa { get; set; } = string.Empty;

    public List<string> ProxyIdentities { get; set; } = [];

    public string ProxyCertHeader { get; set; } = string.Empty;

    public OrderedDictionary<string, PolicyConfig> Policies { get; } = new(StringComparer.Ordinal);

    public long CacheAny { get; set; }

    public long CacheUnused { get; set; }

    public long CacheOffline { get; set; }

    public long? CacheRevalidate { get; set; }

    public string LogError { get; set; } = string.Empty;

    public string LogAudit { get; set; } = string.Empty;

    public OrderedDictionary<string, (bool SkipAuth, long Timeout)> Api { get; } = new(StringComparer.Ordinal);

    public List<string> Keys { get; set; } = [];

    /// <summary>The present backends by their index in <see cref="KeyStoreRegistry.Backends"/> (upstream's check order); null for one Kes.NET does not implement.</summary>
    public SortedDictionary<int, KeyStoreConfig?> KeyStores { get; } = [];

    /// <summary>The <c>seal</c> section, null when absent (our extension).</summary>
    public RawSeal? Seal { get; set; }

    /// <summary>Top-level keys upstream's schema does not know, in file order: ignored, as upstream does, but named in a startup warning.</summary>
    public List<string> UnknownKeys { get; } = [];
}

/// <summary>The decoded <c>seal</c> section (docs/config.md §4.10).</summary>
internal sealed class RawSeal
{
    public bool AllowUnsealed { get; set; }

    public bool Pkcs11 { get; set; }

    public string Module { get; set; } = string.Empty;

    public string Token { get; set; } = string.Empty;

    public string Pin { get; set; } = string.Empty;

    public string Key { get; set; } = string.Empty;
}
