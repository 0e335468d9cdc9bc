using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kes.Api.Cli.Server;
using Kes.Api.Hosting;
using Kes.Application.Caching;
using Kes.Infrastructure.Crypto.Codec;
using Kes.Infrastructure.KeyStores.Vault;
using Kes.IntegrationTests.Server;
using Kes.IntegrationTests.Vault.VaultEndpoint;

namespace Kes.IntegrationTests.Vault;

/// <summary>A real server on the Vault keystore: from a config file (ours and the MinIO Operator's example), under generate load while tokens expire, and while Vault is sealed.</summary>
public sealed class VaultServerTests : IAsyncLifetime
{
    private FakeVault? _vault;

    private FakeVault Vault => _vault!;

    public async Task InitializeAsync() => _vault = await FakeVault.StartAsync();

    public async Task DisposeAsync() => await Vault.DisposeAsync();

    [Fact]
    public async Task A_server_configured_with_keystore_vault_keeps_its_keys_as_KV_entries()
    {
        VaultTestSetup.AddAppRole(Vault);
        using var folder = ConfigFolder.Create();
        var yaml = $"""
            version: v1
            admin:
              identity: disabled
            {folder.TlsSection}keystore:
              vault:
                endpoint: {Vault.Url}
                engine: kv2
                version: v2
                prefix: tenant-1
                approle:
                  id: {VaultTestSetup.RoleId}
                  secret: {VaultTestSetup.SecretId}
                status:
                  ping: 10s
            """;
        var settings = ConfigMode.Load(folder.Write(yaml), new ServerOptions("127.0.0.1:0", null, false, "kes-data", false));
        Assert.Equal($"Hashicorp Vault: {Vault.Url}", settings.KeyStoreDescription);

        await using var server = await KesTestServer.StartAsync(store: settings.KeyStore);
        var client = server.Admin();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/key/create/minio-key", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/key/generate/minio-key", new StringContent("{}", Encoding.UTF8))).StatusCode);

        var text = (string)Vault.Kv.Find("kv2", "tenant-1/minio-key")!["minio-key"]!;
        using var stored = new StoredKeyCodec().Decode(Encoding.ASCII.GetBytes(text));
        Assert.Equal(server.Identities.AdminIdentity, stored.CreatedBy);
    }

    [Fact]
    public async Task The_MinIO_Operator_example_configuration_starts_against_the_fake_Vault()
    {
        // The Operator's Tenant example (KES with Vault and AppRole, its current form with admin and keystore):
        // address :7373, tls.proxy, cache 5m0s/20s, log on/off, vault with namespace "", a prefix, an
        // AppRole with the obsolete retry field, empty tls paths and a 10s status ping.
        Vault.Auth.AddAppRole("operator-role-id", "operator-secret-id", TimeSpan.FromHours(1), TimeSpan.FromHours(24), "approle");
        using var folder = ConfigFolder.Create();
        var yaml = $"""
            address: :7373
            tls:
              key: {Path.Combine(folder.Path, "server.key")}
              cert: {Path.Combine(folder.Path, "server.cert")}
              proxy:
                identities: []
                header:
                  cert: X-Tls-Client-Cert
            admin:
              identity: ${"{"}MINIO_KES_IDENTITY{"}"}
            cache:
              expiry:
                any: 5m0s
                unused: 20s
            log:
              error: on
              audit: off
            keystore:
              vault:
                endpoint: "{Vault.Url}"
                namespace: ""
                prefix: "my-minio"
                approle:
                  id: "operator-role-id"
                  secret: "operator-secret-id"
                  retry: 15s
                tls:
                  key: ""
                  cert: ""
                  ca: ""
                status:
                  ping: 10s
            """;
        var identity = TestCertificates.IdentityOf(TestCertificates.EcdsaClient("minio")).ToString();
        Environment.SetEnvironmentVariable("MINIO_KES_IDENTITY", identity);
        ServerSettings settings;
        try
        {
            settings = ConfigMode.Load(folder.Write(yaml), new ServerOptions("127.0.0.1:0", null, false, "kes-data", false));
        }
        finally
        {
            Environment.SetEnvironmentVariable("MINIO_KES_IDENTITY", null);
        }

        await using (settings.KeyStore)
        {
            Assert.Equal($"Hashicorp Vault: {Vault.Url}", settings.KeyStoreDescription);
            Assert.Equal(identity, settings.Admin.ToString());
            await settings.KeyStore.CreateAsync("my-minio-key", Encoding.ASCII.GetBytes("CiQKIFyJglFoYjU="), default);
            Assert.NotNull(Vault.Kv.Find("kv", "my-minio/my-minio-key"));
            Assert.Equal(1, Vault.Auth.Logins);
        }
    }

    [Fact]
    public async Task Tokens_that_expire_during_generate_load_cost_no_failed_request()
    {
        // A 2 s token TTL renewable to 5 s: within the run the token is renewed, runs into its max
        // TTL, is replaced by logins, and is twice revoked under the load on top.
        VaultTestSetup.AddAppRole(Vault, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5));
        await using var store = await VaultKeyStore.ConnectAsync(VaultTestSetup.AppRole(Vault, "kv2", "v2"), VaultTestSetup.Options, default);
        await using var server = await KesTestServer.StartAsync(store: store);
        var client = server.Admin();
        var failures = new ConcurrentQueue<string>();
        var requests = 0;
        var run = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(12));

        var workers = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                // Each round creates a key and generates with it once: both reach Vault (a create is never cached, the first generate is a miss).
                var name = $"load-{worker}-{i}";
                foreach (var (path, body) in new[] { ($"/v1/key/create/{name}", (string?)null), ($"/v1/key/generate/{name}", "{}") })
                {
                    using var response = await client.PostAsync(path, body is null ? null : new StringContent(body, Encoding.UTF8));
                    Interlocked.Increment(ref requests);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failures.Enqueue($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
                }
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(4));
        Vault.Auth.ExpireAllTokens();
        await Task.Delay(TimeSpan.FromSeconds(4));
        Vault.Auth.ExpireAllTokens();
        await Task.WhenAll(workers);

        Assert.Empty(failures);
        Assert.True(requests > 100, $"only {requests} requests in {run.Elapsed}");
        Assert.True(Vault.Auth.Renewals >= 1, "no renewal happened");
        Assert.True(Vault.Auth.Logins >= 3, $"only {Vault.Auth.Logins} logins");
        Assert.Contains(Vault.Calls, call => call.Status == 403 && call.Path.StartsWith("kv2/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sealed_Vault_costs_no_failed_generate_or_decrypt_on_cached_keys_and_fails_other_calls_with_502()
    {
        VaultTestSetup.AddAppRole(Vault);
        await using var store = await VaultKeyStore.ConnectAsync(VaultTestSetup.AppRole(Vault, "kv2", "v2"), VaultTestSetup.Options, default);
        await using var server = await KesTestServer.StartAsync(
            settings => settings with { Cache = new CacheOptions(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)) }, store: store);
        var client = server.Admin();
        var ciphertexts = new Dictionary<string, string>();
        foreach (var name in new[] { "cached-1", "cached-2", "cached-3" })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/v1/key/create/{name}", null)).StatusCode);
            ciphertexts[name] = await GenerateAsync(client, name);
        }

        Vault.Faults.Sealed = true;
        var failures = new List<string>();
        var rounds = 0;
        for (var started = Stopwatch.StartNew(); started.Elapsed < TimeSpan.FromSeconds(5); rounds++)
        {
            foreach (var (name, ciphertext) in ciphertexts)
            {
                using var generated = await client.PostAsync($"/v1/key/generate/{name}", new StringContent("{}", Encoding.UTF8));
                using var decrypted = await client.PostAsync($"/v1/key/decrypt/{name}", new StringContent(new JsonObject { ["ciphertext"] = ciphertext }.ToJsonString(), Encoding.UTF8));
                foreach (var response in new[] { generated, decrypted })
                {
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failures.Add($"{response.RequestMessage!.RequestUri!.AbsolutePath}: {(int)response.StatusCode}");
                    }
                }
            }
        }

        using var create = await client.PostAsync("/v1/key/create/new-key", null);
        using var uncached = await client.PostAsync("/v1/key/generate/never-cached", new StringContent("{}", Encoding.UTF8));

        Assert.Empty(failures);
        Assert.True(rounds > 10, $"only {rounds} rounds");
        Assert.Equal(HttpStatusCode.BadGateway, create.StatusCode);
        Assert.Equal("{\"message\":\"failed to create key\"\n}", await create.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadGateway, uncached.StatusCode);
        Assert.Contains("vault: key store is sealed", server.Stderr.ToString(), StringComparison.Ordinal);

        Vault.Faults.Sealed = false;
        await Eventually.AssertAsync(
            async () => (await client.PostAsync("/v1/key/create/after-unseal", null)).StatusCode == HttpStatusCode.OK, "a create after unsealing");
    }

    private static async Task<string> GenerateAsync(HttpClient client, string name)
    {
        using var response = await client.PostAsync($"/v1/key/generate/{name}", new StringContent("{}", Encoding.UTF8));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["ciphertext"]!;
    }
}
