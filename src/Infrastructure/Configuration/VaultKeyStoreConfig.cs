namespace Kes.Infrastructure.Configuration;

/// <summary><c>keystore.vault</c>: HashiCorp Vault K/V with AppRole or Kubernetes login. Empty values mean the backend default.</summary>
/// <param name="Endpoint">The Vault URL.</param>
/// <param name="Engine">K/V engine path; empty means <c>kv</c>.</param>
/// <param name="ApiVersion">K/V API version, <c>v1</c> or <c>v2</c>; empty means <c>v1</c>.</param>
/// <param name="Namespace">Vault namespace, or empty.</param>
/// <param name="Prefix">Key prefix inside the engine, or empty.</param>
/// <param name="AppRole">AppRole login, when configured.</param>
/// <param name="Kubernetes">Kubernetes login, when configured.</param>
/// <param name="Transit">Transit encryption of stored values, when configured.</param>
/// <param name="TlsKey">Client key path for mTLS to Vault, or empty.</param>
/// <param name="TlsCert">Client certificate path for mTLS to Vault, or empty.</param>
/// <param name="TlsCa">CA path for Vault's certificate, or empty.</param>
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

    public override string Kind => "vault";

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

            // A JWT holding a path separator names a file, which must be readable now; its content is read at login.
            var jwt = Kubernetes.Jwt;
            if ((jwt.Contains('/', StringComparison.Ordinal) || jwt.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
                && !GoFile.TryReadAllText(jwt, out _, out var error))
            {
                throw new ConfigException($"kesconf: failed to read vault kubernetes JWT from '{jwt}': {error}");
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
}
