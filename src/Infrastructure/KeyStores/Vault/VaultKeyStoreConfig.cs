using Kes.Domain.Time;
using System.Text;
using Kes.Domain.Ports;
using Kes.Infrastructure.Configuration;

namespace Kes.Infrastructure.KeyStores.Vault;

/// <summary><c>keystore.vault</c>: HashiCorp Vault or OpenBao K/V with AppRole or Kubernetes login (docs/keystores.md §7); empty values mean the backend default.</summary>
/// <param name="Endpoint">The Vault URL, e.g. <c>https://vault:8200</c>.</param>
/// <param name="Engine">K/V engine mount; empty means <c>kv</c>.</param>
/// <param name="ApiVersion">K/V API version, <c>v1</c> or <c>v2</c>; empty means <c>v1</c>.</param>
/// <param name="Namespace">Vault namespace of the K/V and Transit engines, or empty.</param>
/// <param name="Prefix">Path inside the engine below which keys live, or empty.</param>
/// <param name="AppRole">AppRole login, when configured.</param>
/// <param name="Kubernetes">Kubernetes login, when configured.</param>
/// <param name="Transit">Transit encryption of stored values, when configured.</param>
/// <param name="TlsKey">Client key path for mTLS to Vault, or empty.</param>
/// <param name="TlsCert">Client certificate path for mTLS to Vault, or empty.</param>
/// <param name="TlsCa">CA file or folder for Vault's certificate, or empty for the system roots.</param>
/// <param name="StatusPing">Health-check period; zero means 15 s.</param>
public sealed record VaultKeyStoreConfig(
    string Endpoint,
    string Engine,
    string ApiVersion,
    string Namespace,
    string Prefix,
    VaultAppRoleConfig? AppRole,
    VaultKubernetesConfig? Kubernetes,
    VaultTransitConfig? Transit,
    string TlsKey,
    string TlsCert,
    string TlsCa,
    TimeSpan StatusPing) : KeyStoreConfig
{
    private const string Invalid = "kesconf: invalid vault keystore: ";

    /// <summary>The K/V mount, <c>kv</c> unless configured.</summary>
    public string EffectiveEngine => Engine.Length == 0 ? "kv" : Engine;

    /// <summary>The K/V API version, <c>v1</c> unless configured.</summary>
    public string EffectiveApiVersion => ApiVersion.Length == 0 ? "v1" : ApiVersion;

    /// <summary>The health-check period, 15 s unless configured (upstream's code default; its sample comment says 10 s).</summary>
    public TimeSpan EffectiveStatusPing => StatusPing > TimeSpan.Zero ? StatusPing : TimeSpan.FromSeconds(15);

    internal static VaultKeyStoreConfig Decode(KeyStoreSection section)
    {
        var v = section.Strings(
            "endpoint", "engine", "version", "namespace", "prefix",
            "transit.engine", "transit.key",
            "approle.engine", "approle.namespace", "approle.id", "approle.secret",
            "kubernetes.engine", "kubernetes.namespace", "kubernetes.role", "kubernetes.jwt",
            "tls.key", "tls.cert", "tls.ca");
        var present = section.Present("transit", "approle", "kubernetes");
        var ping = GoDuration.ToTimeSpan(section.Duration("status.ping"));
        return new VaultKeyStoreConfig(
            v[0], v[1], v[2], v[3], v[4],
            present[1] ? new VaultAppRoleConfig(v[7], v[8], v[9], v[10]) : null,
            present[2] ? new VaultKubernetesConfig(v[11], v[12], v[13], v[14]) : null,
            present[0] ? new VaultTransitConfig(v[5], v[6]) : null,
            v[15], v[16], v[17], ping);
    }

    internal override void Validate()
    {
        Require(Endpoint, Invalid + "no endpoint specified");
        if (AppRole is null && Kubernetes is null)
        {
            throw new ConfigException(Invalid + "no authentication method specified");
        }

        if (AppRole is not null && Kubernetes is not null)
        {
            throw new ConfigException(Invalid + "more than one authentication method specified");
        }

        if (AppRole is not null)
        {
            Require(AppRole.Id, Invalid + "invalid approle config: no approle ID specified");
            Require(AppRole.Secret, Invalid + "invalid approle config: no approle secret specified");
        }

        if (Kubernetes is not null)
        {
            Require(Kubernetes.Jwt, Invalid + "invalid kubernetes config: no JWT specified");

            // The file must be readable now; its content is read again at every login (docs/config.md §4.9).
            if (Kubernetes.JwtIsFile && !GoFile.TryReadAllText(Kubernetes.Jwt, out _, out var error))
            {
                throw new ConfigException($"kesconf: failed to read vault kubernetes JWT from '{Kubernetes.Jwt}': {error}");
            }
        }

        if (Transit is not null)
        {
            Require(Transit.KeyName, Invalid + "invalid transit config: no key name specified");
        }

        if (TlsKey.Length != 0 && TlsCert.Length == 0)
        {
            throw new ConfigException(Invalid + "invalid tls config: no TLS certificate provided");
        }

        if (TlsKey.Length == 0 && TlsCert.Length != 0)
        {
            throw new ConfigException(Invalid + "invalid tls config: no TLS private key provided");
        }
    }

    internal override (IKeyStore Store, string Description) Open(Action<string>? errorLog)
    {
        // Startup waits for the keystore: upstream logs in before the banner and fails when it cannot.
        var store = VaultKeyStore.ConnectAsync(this, new VaultConnectOptions { ErrorLog = errorLog }, CancellationToken.None).GetAwaiter().GetResult();
        return (store, store.Description);
    }

    protected override bool PrintMembers(StringBuilder builder)
    {
        if (base.PrintMembers(builder))
        {
            builder.Append(", ");
        }

        builder.Append($"Endpoint = {Endpoint}, Engine = {Engine}, ApiVersion = {ApiVersion}, Namespace = {Namespace}, Prefix = {Prefix}, ");
        builder.Append($"AppRole = {AppRole}, Kubernetes = {Kubernetes}, Transit = {Transit}, ");
        builder.Append($"TlsKey = {TlsKey}, TlsCert = {TlsCert}, TlsCa = {TlsCa}, StatusPing = {StatusPing}");
        return true;
    }
}
