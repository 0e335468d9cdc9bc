using Kes.Domain.Ports;
using Kes.Infrastructure.KeyStores.Vault;
using Kes.IntegrationTests.KeyStores;
using Kes.IntegrationTests.Vault.VaultEndpoint;
using Xunit.Abstractions;

namespace Kes.IntegrationTests.Vault;

/// <summary>The keystore contract on the in-repo Vault-compatible endpoint; each derived class picks the engine, the login and Transit.</summary>
public abstract class FakeVaultKeyStoreContract(ITestOutputHelper output) : KeyStoreContract
{
    private FakeVault? _vault;

    /// <summary>The fake Vault of this test.</summary>
    protected FakeVault Vault => _vault ?? throw new InvalidOperationException("the endpoint starts in InitializeAsync");

    /// <summary>Vault answers a delete of a missing entry with success (docs/keystores.md §1).</summary>
    protected override bool DeleteReportsMissingKey => false;

    public override async Task InitializeAsync()
    {
        _vault = await FakeVault.StartAsync();
        VaultTestSetup.AddAppRole(_vault);
        var config = Config(_vault);
        output.WriteLine($"Vault keystore contract on: the in-repo Vault-compatible endpoint at {_vault.Url} (engine {config.EffectiveEngine} {config.EffectiveApiVersion}, "
            + $"{(config.AppRole is null ? "Kubernetes" : "AppRole")} login{(config.Transit is null ? string.Empty : ", Transit key " + config.Transit.KeyName)})");
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_vault is not null)
        {
            await _vault.DisposeAsync();
        }
    }

    /// <summary>The config under test.</summary>
    protected abstract VaultKeyStoreConfig Config(FakeVault vault);

    protected override async Task<IKeyStore> CreateStoreAsync() => await VaultKeyStore.ConnectAsync(Config(Vault), VaultTestSetup.Options, default);
}

/// <summary>K/V version 1, AppRole login.</summary>
public sealed class FakeVaultKvV1KeyStoreContract(ITestOutputHelper output) : FakeVaultKeyStoreContract(output)
{
    protected override VaultKeyStoreConfig Config(FakeVault vault) => VaultTestSetup.AppRole(vault, "kv", "v1", prefix: "kes/tenant-1");
}

/// <summary>K/V version 2, AppRole login.</summary>
public sealed class FakeVaultKvV2KeyStoreContract(ITestOutputHelper output) : FakeVaultKeyStoreContract(output)
{
    protected override VaultKeyStoreConfig Config(FakeVault vault) => VaultTestSetup.AppRole(vault, "kv2", "v2", prefix: "kes");
}

/// <summary>K/V version 2 with every value wrapped by a Transit key, AppRole login.</summary>
public sealed class FakeVaultKvV2TransitKeyStoreContract(ITestOutputHelper output) : FakeVaultKeyStoreContract(output)
{
    protected override VaultKeyStoreConfig Config(FakeVault vault) => VaultTestSetup.AppRole(vault, "kv2", "v2", transit: new VaultTransitConfig("", "kes-wrap"));
}

/// <summary>K/V version 2, Kubernetes login with the JWT read from a file.</summary>
public sealed class FakeVaultKubernetesKeyStoreContract(ITestOutputHelper output) : FakeVaultKeyStoreContract(output), IDisposable
{
    private readonly string _jwtFile = Path.Combine(Directory.CreateTempSubdirectory("kes-vault-jwt-").FullName, "token");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_jwtFile)!, recursive: true);

    protected override VaultKeyStoreConfig Config(FakeVault vault)
    {
        var jwt = VaultTestSetup.Jwt("system:serviceaccount:minio:kes");
        File.WriteAllText(_jwtFile, jwt);
        vault.Auth.AddKubernetesRole(VaultTestSetup.KubernetesRole, jwt, TimeSpan.FromHours(1), TimeSpan.FromHours(24));
        return VaultTestSetup.Kubernetes(vault, _jwtFile);
    }
}
