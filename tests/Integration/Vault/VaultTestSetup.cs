using Kes.Infrastructure.KeyStores.Vault;
using Kes.IntegrationTests.Vault.VaultEndpoint;

namespace Kes.IntegrationTests.Vault;

/// <summary>Configs and client options for the Vault tests: one AppRole and one Kubernetes role on the fake, short limits so faults show quickly.</summary>
public static class VaultTestSetup
{
    /// <summary>The AppRole role ID the fake knows.</summary>
    public const string RoleId = "kes-role-id";

    /// <summary>The AppRole secret ID that goes with <see cref="RoleId"/>.</summary>
    public const string SecretId = "kes-secret-id-0123456789";

    /// <summary>The Kubernetes role the fake knows.</summary>
    public const string KubernetesRole = "kes";

    /// <summary>Limits for tests: a slow Vault is noticed within 2 s, recovery within 200 ms.</summary>
    public static VaultConnectOptions Options { get; } = new()
    {
        RequestTimeout = TimeSpan.FromSeconds(2),
        ConnectTimeout = TimeSpan.FromSeconds(2),
        UnhealthyRecheck = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>Adds the AppRole with the given token lifetimes.</summary>
    public static void AddAppRole(FakeVault vault, TimeSpan? ttl = null, TimeSpan? maxTtl = null) =>
        vault.Auth.AddAppRole(RoleId, SecretId, ttl ?? TimeSpan.FromHours(1), maxTtl ?? TimeSpan.FromHours(24));

    /// <summary>A config that logs in with the AppRole and keeps keys in <paramref name="engine"/> (version <paramref name="version"/>).</summary>
    public static VaultKeyStoreConfig AppRole(
        FakeVault vault, string engine = "kv2", string version = "v2", string prefix = "", VaultTransitConfig? transit = null, string ns = "", string authNamespace = "") =>
        new(vault.Url.ToString(), engine, version, ns, prefix, new VaultAppRoleConfig("", authNamespace, RoleId, SecretId), null, transit,
            "", "", "", TimeSpan.FromSeconds(15));

    /// <summary>A config that logs in with the Kubernetes role, the JWT read from <paramref name="jwtFile"/>.</summary>
    public static VaultKeyStoreConfig Kubernetes(FakeVault vault, string jwtFile, string engine = "kv2", string version = "v2") =>
        new(vault.Url.ToString(), engine, version, "", "", null, new VaultKubernetesConfig("", "", KubernetesRole, jwtFile), null,
            "", "", "", TimeSpan.FromSeconds(15));

    /// <summary>A JWT-shaped token (the fake compares it, it does not verify it).</summary>
    public static string Jwt(string subject) =>
        "eyJhbGciOiJSUzI1NiJ9." + Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"{{\"sub\":\"{subject}\"}}")).TrimEnd('=') + ".c2lnbmF0dXJl";
}
