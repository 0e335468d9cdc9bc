using System.Buffers;
using Kes.Infrastructure.KeyStores;
using Kes.Infrastructure.Seals;

namespace Kes.Infrastructure.Configuration;

/// <summary>A loaded and validated KES server config file (docs/config.md §3), with the cache defaults of D5 applied.</summary>
/// <param name="Address">The configured listen address, or null when unset; <see cref="ListenAddress"/> resolves it.</param>
/// <param name="AdminIdentity">The admin identity as written; a non-hex value disables the admin.</param>
/// <param name="Tls">The <c>tls</c> section.</param>
/// <param name="Cache">Effective cache periods.</param>
/// <param name="Log">Log thresholds.</param>
/// <param name="Api">Route overrides by exact route path, in file order; paths outside the route table are kept and ignored by the server.</param>
/// <param name="Policies">Policies by name, in file order; names and identities are checked later by <see cref="PolicyValidation"/>.</param>
/// <param name="Keys">Names of the keys to create at startup, in file order.</param>
/// <param name="KeyStore">The one configured backend.</param>
public sealed record ServerConfig(
    string? Address,
    string AdminIdentity,
    TlsConfig Tls,
    CacheConfig Cache,
    LogConfig Log,
    IReadOnlyDictionary<string, ApiRouteConfig> Api,
    IReadOnlyDictionary<string, PolicyConfig> Policies,
    IReadOnlyList<string> Keys,
    KeyStoreConfig KeyStore)
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>The <c>seal</c> section (our extension, docs/config.md §4.10), or null when the keystore is not sealed.</summary>
    public SealConfig? Seal { get; init; }

    /// <summary>Top-level keys the file has and the schema does not, in file order; the server warns about them at startup.</summary>
    public IReadOnlyList<string> UnknownKeys { get; init; } = [];

    /// <summary>Whether any route sets <c>skip_auth</c>, which relaxes the TLS client-certificate mode (docs/config.md §4.3).</summary>
    public bool AnyRouteSkipsAuth
    {
        get
        {
            foreach (var route in Api.Values)
            {
                if (route.SkipAuth)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Whether the admin identity is hex, as Go's <c>hex.DecodeString</c> accepts it; the banner shows <c>&lt;disabled&gt;</c> otherwise.</summary>
    public bool IsAdminEnabled => AdminIdentity.Length % 2 == 0 && !AdminIdentity.AsSpan().ContainsAnyExcept(HexDigits);
}
