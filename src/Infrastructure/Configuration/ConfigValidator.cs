using Kes.Domain.Time;
using System.Collections.ObjectModel;
using Kes.Infrastructure.KeyStores;
using Kes.Infrastructure.Seals;
using Kes.Infrastructure.Seals.Pkcs11;

namespace Kes.Infrastructure.Configuration;

/// <summary>Validates a decoded file in the order of docs/config.md §5 (first error wins) and builds the <see cref="ServerConfig"/>.</summary>
internal static class ConfigValidator
{
    public static ServerConfig Validate(RawConfig raw)
    {
        if (raw.Admin.Length == 0)
        {
            throw new ConfigException("kesconf: invalid admin identity: no admin identity");
        }

        if (raw.TlsKey.Length == 0)
        {
            throw new ConfigException("kesconf: invalid tls config: no private key");
        }

        if (raw.TlsCert.Length == 0)
        {
            throw new ConfigException("kesconf: invalid tls config: no certificate");
        }

        var authMode = ParseAuthMode(raw);
        CheckIdentities(raw);

        CheckCacheExpiry(raw.CacheAny, "kesconf: invalid cache expiry");
        CheckCacheExpiry(raw.CacheUnused, "kesconf: invalid cache unused expiry");
        CheckCacheExpiry(raw.CacheOffline, "kesconf: invalid offline cache expiry");
        CheckCacheExpiry(raw.CacheRevalidate ?? 0, "kesconf: invalid cache revalidate expiry");

        var log = new LogConfig(SlogLevel.Parse(raw.LogError), SlogLevel.Parse(raw.LogAudit));
        var api = BuildApi(raw);
        CheckDuplicateKeys(raw.Keys);
        var keyStore = SelectKeyStore(raw);
        var seal = BuildSeal(raw.Seal);

        return new ServerConfig(
            raw.Address.Length == 0 ? null : raw.Address,
            raw.Admin,
            new TlsConfig(raw.TlsKey, raw.TlsCert, raw.TlsPassword, authMode, raw.TlsCa, raw.ProxyIdentities.AsReadOnly(), raw.ProxyCertHeader),
            CacheConfig.WithDefaults(
                GoDuration.ToTimeSpan(raw.CacheAny), GoDuration.ToTimeSpan(raw.CacheUnused), GoDuration.ToTimeSpan(raw.CacheOffline))
                with { Revalidate = raw.CacheRevalidate is { } revalidate ? GoDuration.ToTimeSpan(revalidate) : CacheConfig.DefaultRevalidate },
            log,
            api,
            new ReadOnlyDictionary<string, PolicyConfig>(raw.Policies),
            raw.Keys.AsReadOnly(),
            keyStore)
        {
            Seal = seal,
            UnknownKeys = raw.UnknownKeys.AsReadOnly(),
        };
    }

    private static SealConfig? BuildSeal(RawSeal? raw)
    {
        if (raw is null)
        {
            return null;
        }

        if (!raw.Pkcs11)
        {
            throw new ConfigException("kesconf: invalid seal config: no seal specified (Kes.NET knows 'pkcs11')");
        }

        var pkcs11 = new Pkcs11SealConfig(raw.Module, raw.Token, raw.Pin, raw.Key);
        pkcs11.Validate();
        return new SealConfig(pkcs11, raw.AllowUnsealed);
    }

    private static TlsAuthMode ParseAuthMode(RawConfig raw) => raw.TlsAuth.ToLowerInvariant() switch
    {
        "" or "off" => TlsAuthMode.Off,
        "on" => TlsAuthMode.On,

        // Upstream formats its env wrapper struct here, {<variable> <value>}.
        _ => throw new ConfigException($"kesconf: invalid tls config: invalid auth '{{{raw.TlsAuthVariable} {raw.TlsAuth}}}'"),
    };

    private static void CheckIdentities(RawConfig raw)
    {
        foreach (var proxy in raw.ProxyIdentities)
        {
            if (proxy == raw.Admin)
            {
                throw new ConfigException($"kesconf: invalid tls proxy: identity '{proxy}' is already admin");
            }
        }

        foreach (var (name, policy) in raw.Policies)
        {
            foreach (var identity in policy.Identities)
            {
                if (identity == raw.Admin)
                {
                    throw new ConfigException($"kesconf: invalid policy '{name}': identity '{identity}' is already admin");
                }

                if (raw.ProxyIdentities.Contains(identity))
                {
                    throw new ConfigException($"kesconf: invalid policy '{name}': identity '{identity}' is already a TLS proxy");
                }
            }
        }
    }

    private static void CheckCacheExpiry(long nanoseconds, string message)
    {
        if (nanoseconds < 0)
        {
            throw new ConfigException($"{message} '{GoDuration.Format(nanoseconds)}'");
        }
    }

    private static ReadOnlyDictionary<string, ApiRouteConfig> BuildApi(RawConfig raw)
    {
        var api = new OrderedDictionary<string, ApiRouteConfig>(StringComparer.Ordinal);
        foreach (var (path, (skipAuth, timeout)) in raw.Api)
        {
            if (timeout < 0)
            {
                throw new ConfigException($"kesconf: invalid timeout '{timeout}' for API '{path}'");
            }

            api[path] = new ApiRouteConfig(skipAuth, GoDuration.ToTimeSpan(timeout));
        }

        return new ReadOnlyDictionary<string, ApiRouteConfig>(api);
    }

    private static void CheckDuplicateKeys(List<string> keys)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (!seen.Add(key))
            {
                throw new ConfigException($"kesconf: invalid key config: key '{key}' is defined multiple times");
            }
        }
    }

    // Upstream validates the backends in its check order and stops at the second one; a backend
    // Kes.NET does not implement is refused only once it is the one selected (docs/config.md §4.9).
    private static KeyStoreConfig SelectKeyStore(RawConfig raw)
    {
        KeyStoreBackend? selected = null;
        KeyStoreConfig? config = null;
        foreach (var (index, candidate) in raw.KeyStores)
        {
            if (selected is not null)
            {
                throw new ConfigException("kesconf: invalid keystore config: more than once keystore specified");
            }

            candidate?.Validate();
            selected = KeyStoreRegistry.Backends[index];
            config = candidate;
        }

        if (selected is null)
        {
            throw new ConfigException("kesconf: no keystore specified");
        }

        return config ?? throw new ConfigException(KeyStoreRegistry.NotSupportedMessage(selected));
    }
}
