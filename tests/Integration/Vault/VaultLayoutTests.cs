using System.Text;
using System.Text.Json.Nodes;
using Kes.Domain.Errors;
using Kes.Infrastructure.KeyStores.Vault;
using Kes.IntegrationTests.Vault.VaultEndpoint;

namespace Kes.IntegrationTests.Vault;

/// <summary>What the Vault keystore writes where (docs/keystores.md §7): the layout upstream KES shares, so that a deployment keeps its keys when it swaps the server.</summary>
public sealed class VaultLayoutTests : IAsyncLifetime
{
    private const string Value = "CiQKIFyJglFoYjU=";
    private FakeVault? _vault;

    private FakeVault Vault => _vault!;

    public async Task InitializeAsync()
    {
        _vault = await FakeVault.StartAsync();
        VaultTestSetup.AddAppRole(_vault);
    }

    public async Task DisposeAsync() => await Vault.DisposeAsync();

    [Fact]
    public async Task Kv_v1_keeps_a_key_at_engine_prefix_name_in_a_field_named_after_it()
    {
        await using var store = await Connect(VaultTestSetup.AppRole(Vault, "kv", "v1", prefix: "/tenant-1/keys/"));

        await store.CreateAsync("my-key", Ascii(Value), default);

        Assert.Equal(new JsonObject { ["my-key"] = Value }.ToJsonString(), Vault.Kv.Find("kv", "tenant-1/keys/my-key")!.ToJsonString());
        Assert.Equal(
            [("GET", "kv/tenant-1/keys/my-key", 404), ("PUT", "kv/tenant-1/keys/my-key", 204)],
            Vault.CallsTo("kv/").Select(call => (call.Method, call.Path, call.Status)));
    }

    [Fact]
    public async Task Kv_v2_creates_with_cas_0_reads_version_1_deletes_the_metadata_and_lists_the_metadata_folder()
    {
        await using var store = await Connect(VaultTestSetup.AppRole(Vault, "kv2", "v2", prefix: "kes"));

        await store.CreateAsync("my-key", Ascii(Value), default);
        Assert.Equal(Ascii(Value), await store.GetAsync("my-key", default));
        Assert.Equal(["my-key"], (await store.ListAsync("", -1, default)).Names);
        await store.DeleteAsync("my-key", default);

        Assert.Equal(
            [
                ("GET", "kv2/data/kes/my-key?version=1", 404),
                ("PUT", "kv2/data/kes/my-key", 200),
                ("GET", "kv2/data/kes/my-key?version=1", 200),
                ("LIST", "kv2/metadata/kes", 200),
                ("DELETE", "kv2/metadata/kes/my-key", 204),
            ],
            Vault.CallsTo("kv2/").Select(call => (call.Method, call.Path, call.Status)));
        Assert.Null(Vault.Kv.Find("kv2", "kes/my-key"));
    }

    [Fact]
    public async Task A_create_over_an_entry_another_server_updated_is_refused_and_writes_no_version()
    {
        await using var store = await Connect(VaultTestSetup.AppRole(Vault, "kv2", "v2"));
        await store.CreateAsync("my-key", Ascii("first"), default);

        // Another writer added version 2 meanwhile; the key exists whichever version is current.
        Vault.Kv.Put("kv2", "my-key", new JsonObject { ["my-key"] = "second" });
        Vault.Kv.Put("kv2", "other", new JsonObject { ["unrelated"] = "x" });

        var exists = await Assert.ThrowsAsync<KesException>(() => store.CreateAsync("my-key", Ascii("third"), default));
        Assert.Equal(KesError.KeyExists, exists.Error);
        Assert.Equal(2, Vault.Kv.VersionCount("kv2", "my-key"));
    }

    [Theory]
    [InlineData("kv", "v1")]
    [InlineData("kv2", "v2")]
    public async Task An_entry_upstream_KES_wrote_is_read_back_and_blocks_a_create(string engine, string version)
    {
        var text = KeyVersionVectors.Accepted.First(vector => vector.Encoding == "base64_protobuf").Text;
        Vault.Kv.Put(engine, "prefix/upstream-key", new JsonObject { ["upstream-key"] = text });
        await using var store = await Connect(VaultTestSetup.AppRole(Vault, engine, version, prefix: "prefix"));

        Assert.Equal(Ascii(text), await store.GetAsync("upstream-key", default));
        var exists = await Assert.ThrowsAsync<KesException>(() => store.CreateAsync("upstream-key", Ascii("x"), default));
        Assert.Equal(KesError.KeyExists, exists.Error);
    }

    [Fact]
    public async Task An_entry_without_a_field_named_after_the_key_is_a_backend_error_not_a_key()
    {
        Vault.Kv.Put("kv2", "foreign", new JsonObject { ["password"] = "hunter2" });
        await using var store = await Connect(VaultTestSetup.AppRole(Vault, "kv2", "v2"));

        var read = await Assert.ThrowsAsync<VaultKeyStoreException>(() => store.GetAsync("foreign", default));
        var create = await Assert.ThrowsAsync<VaultKeyStoreException>(() => store.CreateAsync("foreign", Ascii("x"), default));

        Assert.Equal("vault: failed to read 'foreign': the entry has no string field 'foreign'", read.Message);
        Assert.StartsWith("vault: failed to create 'foreign': ", create.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", read.Message + create.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sub_folders_are_not_listed_as_keys()
    {
        Vault.Kv.Put("kv2", "key-a", new JsonObject { ["key-a"] = "v" });
        Vault.Kv.Put("kv2", "folder/key-b", new JsonObject { ["key-b"] = "v" });
        await using var store = await Connect(VaultTestSetup.AppRole(Vault, "kv2", "v2"));

        Assert.Equal(["key-a"], (await store.ListAsync("", -1, default)).Names);
        Assert.Contains(Vault.CallsTo("kv2/metadata"), call => call.Status == 200);
    }

    [Fact]
    public async Task With_Transit_the_entry_holds_a_vault_v1_ciphertext_that_opens_to_the_value()
    {
        await using var store = await Connect(VaultTestSetup.AppRole(Vault, "kv2", "v2", transit: new VaultTransitConfig("", "kes-wrap")));

        await store.CreateAsync("my-key", Ascii(Value), default);

        var stored = (string)Vault.Kv.Find("kv2", "my-key")!["my-key"]!;
        Assert.StartsWith("vault:v1:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, stored, StringComparison.Ordinal);
        Assert.Equal(Ascii(Value), await store.GetAsync("my-key", default));
        Assert.Single(Vault.CallsTo("transit/encrypt/kes-wrap"));
        Assert.Single(Vault.CallsTo("transit/decrypt/kes-wrap"));
    }

    [Fact]
    public async Task A_Transit_ciphertext_without_a_Transit_key_configured_is_a_backend_error()
    {
        Vault.Kv.Put("kv2", "wrapped", new JsonObject { ["wrapped"] = "vault:v1:AAAA" });
        await using var store = await Connect(VaultTestSetup.AppRole(Vault, "kv2", "v2"));

        var error = await Assert.ThrowsAsync<VaultKeyStoreException>(() => store.GetAsync("wrapped", default));

        Assert.Equal("vault: failed to read 'wrapped': the value is a transit ciphertext and no transit key is configured", error.Message);
    }

    [Fact]
    public async Task The_KV_namespace_goes_on_KV_calls_and_the_auth_namespace_on_the_login_with_slash_meaning_root()
    {
        Vault.Kv.Mount("kv2", 2, "tenant-a");
        await using var store = await Connect(VaultTestSetup.AppRole(Vault, "kv2", "v2", ns: "tenant-a", authNamespace: "/"));

        await store.CreateAsync("my-key", Ascii(Value), default);

        Assert.Equal([""], Vault.Auth.LoginNamespaces);
        Assert.All(Vault.CallsTo("kv2/"), call => Assert.Equal("tenant-a", call.Namespace));
        Assert.NotNull(Vault.Kv.Find("kv2", "my-key", "tenant-a"));
        Assert.Null(Vault.Kv.Find("kv2", "my-key"));
        Assert.All(Vault.CallsTo("sys/health"), call => Assert.Equal("", call.Namespace));
    }

    [Fact]
    public async Task Without_an_auth_namespace_the_login_uses_the_KV_namespace()
    {
        Vault.Kv.Mount("kv2", 2, "tenant-b");
        await using var store = await Connect(VaultTestSetup.AppRole(Vault, "kv2", "v2", ns: "tenant-b"));

        Assert.Equal(["tenant-b"], Vault.Auth.LoginNamespaces);
    }

    [Fact]
    public async Task An_unknown_engine_version_is_refused_at_connect_with_upstreams_message()
    {
        var error = await Assert.ThrowsAsync<VaultKeyStoreException>(() => Connect(VaultTestSetup.AppRole(Vault, "kv", "v3")));

        Assert.Equal("vault: invalid engine API version 'v3'", error.Message);
    }

    [Fact]
    public async Task The_banner_names_Hashicorp_Vault_and_the_endpoint()
    {
        var config = VaultTestSetup.AppRole(Vault);
        await using var store = await Connect(config);

        Assert.Equal("Hashicorp Vault: " + config.Endpoint, store.Description);
    }

    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static Task<VaultKeyStore> Connect(VaultKeyStoreConfig config) => VaultKeyStore.ConnectAsync(config, VaultTestSetup.Options, default);
}
