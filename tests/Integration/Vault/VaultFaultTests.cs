using System.Security.Cryptography.X509Certificates;
using System.Text;
using Kes.Domain.Errors;
using Kes.Infrastructure.KeyStores.Vault;
using Kes.IntegrationTests.Server;
using Kes.IntegrationTests.Vault.VaultEndpoint;

namespace Kes.IntegrationTests.Vault;

/// <summary>The Vault keystore when Vault misbehaves: tokens expire or are refused, Vault seals, slows down, fails or goes away; and TLS to Vault.</summary>
public sealed class VaultFaultTests : IAsyncLifetime
{
    private readonly List<string> _errorLog = [];
    private FakeVault? _vault;

    private FakeVault Vault => _vault!;

    private VaultConnectOptions Options => VaultTestSetup.Options with { ErrorLog = Log };

    public async Task InitializeAsync()
    {
        _vault = await FakeVault.StartAsync();
        VaultTestSetup.AddAppRole(_vault);
    }

    public async Task DisposeAsync() => await Vault.DisposeAsync();

    [Fact]
    public async Task Expired_tokens_cost_no_failed_call_one_login_replaces_them_for_all_concurrent_callers()
    {
        await using var store = await Connect();
        await store.CreateAsync("key", Ascii("value"), default);

        Vault.Auth.ExpireAllTokens();
        var reads = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => store.GetAsync("key", default)));

        Assert.All(reads, read => Assert.Equal(Ascii("value"), read));
        Assert.Equal(2, Vault.Auth.Logins);
    }

    [Fact]
    public async Task The_token_is_renewed_before_it_expires_and_replaced_by_a_login_at_its_max_TTL()
    {
        Vault.Auth.AddAppRole(VaultTestSetup.RoleId, VaultTestSetup.SecretId, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
        await using var store = await Connect();

        await Eventually.AssertAsync(() => Vault.Auth.Renewals >= 1, "a renew-self");
        await Eventually.AssertAsync(() => Vault.Auth.Logins >= 2, "a new login once the max TTL is near");

        Assert.DoesNotContain(Vault.Calls, call => call.Path.StartsWith("kv2/", StringComparison.Ordinal) && call.Status == 403);
        await store.CreateAsync("key", Ascii("value"), default);
    }

    [Fact]
    public async Task The_Kubernetes_JWT_file_is_read_again_at_every_login()
    {
        var folder = Directory.CreateTempSubdirectory("kes-vault-jwt-").FullName;
        try
        {
            var jwtFile = Path.Combine(folder, "token");
            File.WriteAllText(jwtFile, VaultTestSetup.Jwt("first") + "\n");
            Vault.Auth.AddKubernetesRole(VaultTestSetup.KubernetesRole, VaultTestSetup.Jwt("first"), TimeSpan.FromHours(1), TimeSpan.FromHours(1));
            await using var store = await VaultKeyStore.ConnectAsync(VaultTestSetup.Kubernetes(Vault, jwtFile), Options, default);
            await store.CreateAsync("key", Ascii("value"), default);

            // The kubelet rotated the projected token: only the new one logs in.
            File.WriteAllText(jwtFile, VaultTestSetup.Jwt("second"));
            Vault.Auth.RotateJwt(VaultTestSetup.KubernetesRole, VaultTestSetup.Jwt("second"));
            Vault.Auth.ExpireAllTokens();

            Assert.Equal(Ascii("value"), await store.GetAsync("key", default));
            Assert.Equal(2, Vault.Auth.Logins);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_wrong_AppRole_secret_fails_the_connect_with_Vaults_reason_and_not_the_secret()
    {
        var config = VaultTestSetup.AppRole(Vault) with { AppRole = new VaultAppRoleConfig("", "", VaultTestSetup.RoleId, "wrong-secret-id") };

        var error = await Assert.ThrowsAsync<VaultKeyStoreException>(() => VaultKeyStore.ConnectAsync(config, Options, default));

        Assert.Equal("vault: failed to log in at auth/approle: 400: invalid role or secret ID", error.Message);
        Assert.DoesNotContain("wrong-secret-id", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_capability_is_a_backend_error_after_one_new_login_naming_Vaults_denial_but_no_token()
    {
        Vault.DenyPath("kv2/data/locked");
        await using var store = await Connect();

        var error = await Assert.ThrowsAsync<VaultKeyStoreException>(() => store.GetAsync("locked", default));

        Assert.Equal(403, error.StatusCode);
        Assert.StartsWith("vault: failed to read 'locked': 403: 1 error occurred: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("permission denied", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, Vault.Auth.Logins);
        AssertNoToken(error.ToString());
    }

    [Fact]
    public async Task A_500_answer_is_a_backend_error_with_Vaults_text_and_the_next_call_succeeds()
    {
        await using var store = await Connect();
        await store.CreateAsync("key", Ascii("value"), default);
        Vault.Faults.FailNext(1);

        var error = await Assert.ThrowsAsync<VaultKeyStoreException>(() => store.GetAsync("key", default));

        Assert.IsNotType<KesException>(error);
        Assert.Equal(500, error.StatusCode);
        Assert.Contains("internal error (fault switch)", error.Message, StringComparison.Ordinal);
        Assert.Equal(Ascii("value"), await store.GetAsync("key", default));
    }

    [Fact]
    public async Task While_sealed_calls_fail_at_once_without_asking_Vault_status_is_unreachable_and_unsealing_recovers()
    {
        await using var store = await Connect();
        await store.CreateAsync("key", Ascii("value"), default);
        Vault.Faults.Sealed = true;

        var first = await Assert.ThrowsAsync<VaultKeyStoreException>(() => store.GetAsync("key", default));
        Assert.StartsWith("vault: key store is sealed", first.Message, StringComparison.Ordinal);
        Vault.ClearCalls();
        var second = await Assert.ThrowsAsync<VaultKeyStoreException>(() => store.CreateAsync("other", Ascii("v"), default));
        Assert.Equal("vault: key store is sealed", second.Message);
        await Assert.ThrowsAsync<VaultKeyStoreException>(() => store.ListAsync("", -1, default));
        await Assert.ThrowsAsync<VaultKeyStoreException>(() => store.DeleteAsync("key", default));
        Assert.DoesNotContain(Vault.Calls, call => call.Path != "sys/health");
        var status = await Assert.ThrowsAsync<KeyStoreUnreachableException>(() => store.StatusAsync(default));
        Assert.Equal("kes: keystore unreachable: vault: key store is sealed", status.Message);

        Vault.Faults.Sealed = false;

        await Eventually.AssertAsync(async () => await TryGetAsync(store, "key"), "reads after unsealing");
        Assert.Contains("vault: key store is available again", ErrorLog());
    }

    [Fact]
    public async Task An_unsealed_standby_serves_and_its_status_is_a_latency()
    {
        await using var store = await Connect();
        Vault.Faults.Standby = true;

        await store.StatusAsync(default);
        await store.CreateAsync("key", Ascii("value"), default);

        Assert.Contains(Vault.CallsTo("sys/health"), call => call.Status == 429);
    }

    [Fact]
    public async Task An_uninitialized_Vault_is_unreachable()
    {
        await using var store = await Connect();
        Vault.Faults.Uninitialized = true;

        var status = await Assert.ThrowsAsync<KeyStoreUnreachableException>(() => store.StatusAsync(default));

        Assert.Equal("kes: keystore unreachable: vault: key store is not initialized", status.Message);
    }

    [Fact]
    public async Task A_Vault_slower_than_the_request_timeout_is_unreachable_and_recovery_needs_no_restart()
    {
        await using var store = await Connect();
        await store.CreateAsync("key", Ascii("value"), default);
        Vault.Faults.Delay = TimeSpan.FromSeconds(30);

        var error = await Assert.ThrowsAsync<KeyStoreUnreachableException>(() => store.GetAsync("key", default));
        Assert.IsType<TimeoutException>(error.InnerException);

        Vault.Faults.Delay = TimeSpan.Zero;
        await Eventually.AssertAsync(async () => await TryGetAsync(store, "key"), "reads once Vault is fast again");
    }

    [Fact]
    public async Task A_Vault_that_went_away_is_unreachable_and_coming_back_needs_no_restart()
    {
        await using var store = await Connect();
        await store.CreateAsync("key", Ascii("value"), default);
        await Vault.GoDownAsync();

        await Assert.ThrowsAsync<KeyStoreUnreachableException>(() => store.GetAsync("key", default));
        await Assert.ThrowsAsync<KeyStoreUnreachableException>(() => store.StatusAsync(default));

        await Vault.ComeBackAsync();
        await Eventually.AssertAsync(async () => await TryGetAsync(store, "key"), "reads once Vault is back");
    }

    [Fact]
    public async Task No_message_or_log_line_carries_a_token_or_a_stored_value()
    {
        const string secretValue = "CiQKIFyJglFoYjU-secret-value";
        await using var store = await Connect();
        await store.CreateAsync("key", Ascii(secretValue), default);
        Vault.DenyPath("kv2/data/denied");
        Vault.Faults.FailNext(1);

        var messages = new List<string>();
        foreach (var call in new Func<Task>[]
        {
            () => store.GetAsync("key", default),
            () => store.GetAsync("denied", default),
            () => store.CreateAsync("key", Ascii(secretValue), default),
        })
        {
            var error = await Record.ExceptionAsync(call);
            messages.Add(error?.ToString() ?? string.Empty);
        }

        Vault.Auth.ExpireAllTokens();
        Vault.Faults.Sealed = true;
        messages.Add((await Record.ExceptionAsync(() => store.GetAsync("key", default)))!.ToString());
        messages.AddRange(ErrorLog());

        var all = string.Join("\n", messages);
        Assert.Contains("permission denied", all, StringComparison.Ordinal);
        Assert.DoesNotContain(secretValue, all, StringComparison.Ordinal);
        Assert.DoesNotContain(VaultTestSetup.SecretId, all, StringComparison.Ordinal);
        AssertNoToken(all);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Over_mutual_TLS_the_client_presents_its_certificate_and_trusts_the_CA_from_a_file_or_a_folder(bool caFolder)
    {
        using var folder = ConfigFolder.Create();
        using var client = TestCertificates.EcdsaClient("kes-vault-client");
        var clientCert = folder.WriteFile("vault-client.crt", client.ExportCertificatePem());
        using (var key = client.GetECDsaPrivateKey()!)
        {
            folder.WriteFile("vault-client.key", key.ExportPkcs8PrivateKeyPem());
        }

        var caDirectory = Directory.CreateDirectory(Path.Combine(folder.Path, "ca")).FullName;
        File.WriteAllText(Path.Combine(caDirectory, "vault-ca.pem"), folder.ServerCertificate.ExportCertificatePem());
        await using var tlsVault = await FakeVault.StartAsync(folder.ServerCertificate, X509CertificateLoader.LoadCertificate(client.RawData));
        VaultTestSetup.AddAppRole(tlsVault);
        var config = VaultTestSetup.AppRole(tlsVault) with
        {
            TlsCert = clientCert,
            TlsKey = Path.Combine(folder.Path, "vault-client.key"),
            TlsCa = caFolder ? caDirectory : Path.Combine(caDirectory, "vault-ca.pem"),
        };

        await using var store = await VaultKeyStore.ConnectAsync(config, Options, default);
        await store.CreateAsync("key", Ascii("value"), default);

        Assert.Equal(Ascii("value"), await store.GetAsync("key", default));
        Assert.StartsWith("https://", config.Endpoint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_TLS_a_Vault_certificate_no_configured_CA_vouches_for_is_unreachable()
    {
        using var folder = ConfigFolder.Create();
        await using var tlsVault = await FakeVault.StartAsync(folder.ServerCertificate);
        VaultTestSetup.AddAppRole(tlsVault);

        var error = await Assert.ThrowsAsync<KeyStoreUnreachableException>(() => VaultKeyStore.ConnectAsync(VaultTestSetup.AppRole(tlsVault), Options, default));

        Assert.Empty(tlsVault.Calls);
        Assert.NotNull(error.InnerException);
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static async Task<bool> TryGetAsync(VaultKeyStore store, string name)
    {
        try
        {
            await store.GetAsync(name, default);
            return true;
        }
        catch (Exception e) when (e is VaultKeyStoreException or KeyStoreUnreachableException)
        {
            return false;
        }
    }

    private void AssertNoToken(string text) =>
        Assert.All(Vault.Auth.IssuedTokens, token => Assert.DoesNotContain(token, text, StringComparison.Ordinal));

    private Task<VaultKeyStore> Connect() => VaultKeyStore.ConnectAsync(VaultTestSetup.AppRole(Vault), Options, default);

    private string[] ErrorLog()
    {
        lock (_errorLog)
        {
            return [.. _errorLog];
        }
    }

    private void Log(string line)
    {
        lock (_errorLog)
        {
            _errorLog.Add(line);
        }
    }
}
