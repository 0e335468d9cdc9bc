using Kes.Domain.Ports;
using Kes.Infrastructure.KeyStores.Vault;
using Kes.IntegrationTests.KeyStores;
using Xunit.Abstractions;

namespace Kes.IntegrationTests.Vault;

/// <summary>The keystore contract on a real Vault or OpenBao named by KES_TEST_VAULT_* variables; skipped, with the reason, when they are unset.</summary>
/// <remarks>
/// KES_TEST_VAULT_ADDR is required, plus either KES_TEST_VAULT_TOKEN (e.g. a dev server's root token) or
/// KES_TEST_VAULT_ROLE_ID and KES_TEST_VAULT_SECRET_ID (an AppRole at <c>approle</c>). Optional:
/// KES_TEST_VAULT_ENGINE (default <c>kv</c>), KES_TEST_VAULT_VERSION (<c>v1</c> or <c>v2</c>, default
/// <c>v2</c>), KES_TEST_VAULT_NAMESPACE, KES_TEST_VAULT_TRANSIT_KEY. Every name starts with a random run
/// prefix, below the <c>kes-test</c> K/V prefix.
/// </remarks>
public sealed class EnvironmentVaultKeyStoreContract(ITestOutputHelper output) : KeyStoreContract
{
    private static readonly string? Address = Variable("KES_TEST_VAULT_ADDR");
    private static readonly string? Token = Variable("KES_TEST_VAULT_TOKEN");
    private static readonly string? RoleId = Variable("KES_TEST_VAULT_ROLE_ID");
    private static readonly string? SecretId = Variable("KES_TEST_VAULT_SECRET_ID");

    protected override bool DeleteReportsMissingKey => false;

    public override async Task InitializeAsync()
    {
        var why = Address is null ? "KES_TEST_VAULT_ADDR is unset: no Vault or OpenBao to test against"
            : Token is null && (RoleId is null || SecretId is null) ? "KES_TEST_VAULT_ADDR is set but neither KES_TEST_VAULT_TOKEN nor KES_TEST_VAULT_ROLE_ID and KES_TEST_VAULT_SECRET_ID are"
            : null;
        output.WriteLine(why is null ? $"Vault keystore contract on: the real Vault or OpenBao at {Address}" : "Vault keystore contract on a real Vault: skipped, " + why);
        Skip.If(why is not null, why);
        await base.InitializeAsync();
    }

    protected override async Task<IKeyStore> CreateStoreAsync()
    {
        var transitKey = Variable("KES_TEST_VAULT_TRANSIT_KEY");
        var config = new VaultKeyStoreConfig(
            Address!,
            Variable("KES_TEST_VAULT_ENGINE") ?? "kv",
            Variable("KES_TEST_VAULT_VERSION") ?? "v2",
            Variable("KES_TEST_VAULT_NAMESPACE") ?? string.Empty,
            "kes-test",
            new VaultAppRoleConfig(string.Empty, string.Empty, RoleId ?? "token", SecretId ?? "token"),
            null,
            transitKey is null ? null : new VaultTransitConfig(string.Empty, transitKey),
            string.Empty,
            string.Empty,
            Variable("KES_TEST_VAULT_CACERT") ?? string.Empty,
            TimeSpan.Zero);
        return await VaultKeyStore.ConnectAsync(config, new VaultConnectOptions { Token = RoleId is null ? Token : null }, default);
    }

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
