using System.Text;
using Kes.Domain.Keys;
using Kes.Infrastructure.KeyStores.InMemory;

namespace Kes.IntegrationTests.Server;

/// <summary>Create, import, describe, list and delete (docs/api.md §7.6–7.10) with their exact replies.</summary>
public sealed class KeyLifecycleTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private static readonly string Key32 = Convert.ToBase64String(new byte[32]);

    private KesTestServer Server => shared.Server;

    [Fact]
    public async Task Create_answers_an_empty_200_and_ignores_any_body()
    {
        var client = Server.Admin();
        await Reply.EmptyAsync(await client.SendAsync("POST", "/v1/key/create/create-post", "not json at all"));
        await Reply.EmptyAsync(await client.SendAsync("PUT", "/v1/key/create/create-put"));
    }

    [Theory]
    [InlineData("/v1/key/create/my.key", "my.key")]
    [InlineData("/v1/key/create/", "")]
    [InlineData("/v1/key/create/-a", "-a")]
    [InlineData("/v1/key/create/_", "_")]
    [InlineData("/v1/key/create/hel%3Clo", "hel\\u003clo")]
    [InlineData("/v1/key/create/a%20b", "a b")]
    [InlineData("/v1/key/create/a/b", "a/b")]
    [InlineData("/v1/key/create/%E2%98%B0", "☰")]
    [InlineData("/v1/key/create/a&b%3E", "a\\u0026b\\u003e")]
    [InlineData("/v1/key/create/%E2%80%A8%E2%80%A9", "\\u2028\\u2029")]
    [InlineData("/v1/key/create/'+'", "'+'")]
    [InlineData("/v1/key/create/%22%5C", "\\\"\\\\")]
    [InlineData("/v1/key/create/%09", "\\t")]
    public async Task Create_rejects_invalid_names_with_the_name_in_the_message(string path, string shown)
    {
        var response = await Server.Admin().SendAsync("POST", path);
        await Reply.ErrorAsync(response, 400, $"key name '{shown}' is empty, too long or contains invalid characters");
    }

    [Fact]
    public async Task Create_accepts_80_characters_and_rejects_81()
    {
        var client = Server.Admin();
        await Reply.EmptyAsync(await client.SendAsync("POST", "/v1/key/create/" + new string('a', 80)));
        var tooLong = new string('b', 81);
        await Reply.ErrorAsync(await client.SendAsync("POST", "/v1/key/create/" + tooLong), 400, $"key name '{tooLong}' is empty, too long or contains invalid characters");
    }

    [Fact]
    public async Task Create_records_the_caller_as_creator_and_a_utc_creation_time()
    {
        var client = Server.Client(Server.Identities.Allowed);
        var before = DateTime.UtcNow.AddSeconds(-1);
        await Reply.EmptyAsync(await client.SendAsync("POST", "/v1/key/create/by-allowed"));
        var text = await Reply.JsonTextAsync(await client.GetAsync("/v1/key/describe/by-allowed"));
        var json = System.Text.Json.JsonDocument.Parse(text).RootElement;
        Assert.Equal(["name", "algorithm", "created_at", "created_by"], Reply.FieldOrder(json));
        Assert.Equal("by-allowed", json.GetProperty("name").GetString());
        Assert.Equal(NewKeyAlgorithmName(), json.GetProperty("algorithm").GetString());
        Assert.Equal(Server.Identities.AllowedIdentity.Value, json.GetProperty("created_by").GetString());
        var createdAt = json.GetProperty("created_at").GetString()!;
        Assert.EndsWith("Z", createdAt, StringComparison.Ordinal);
        Assert.InRange(DateTime.Parse(createdAt, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal), before, DateTime.UtcNow.AddSeconds(1));
    }

    [Theory]
    [InlineData("AES256", "AES256")]
    [InlineData("AES256-GCM_SHA256", "AES256")]
    [InlineData("ChaCha20", "ChaCha20")]
    [InlineData("XCHACHA20-POLY1305", "ChaCha20")]
    public async Task Import_accepts_every_cipher_spelling(string cipher, string algorithm)
    {
        var client = Server.Admin();
        var name = "imp-" + cipher.Replace("_", "-", StringComparison.Ordinal).ToLowerInvariant();
        await Reply.EmptyAsync(await client.SendAsync("POST", "/v1/key/import/" + name, $"{{\"key\":\"{Key32}\",\"cipher\":\"{cipher}\"}}"));
        var json = await Reply.JsonAsync(await client.GetAsync("/v1/key/describe/" + name));
        Assert.Equal(algorithm, json.GetProperty("algorithm").GetString());
        Assert.Equal(Server.Identities.AdminIdentity.Value, json.GetProperty("created_by").GetString());
    }

    [Theory]
    [InlineData("{\"key\":\"KEY\",\"cipher\":\"aes256\"}", "algorithm 'aes256' is not supported")]
    [InlineData("{\"key\":\"KEY\",\"cipher\":\"AES-256\"}", "algorithm 'AES-256' is not supported")]
    [InlineData("{\"key\":\"KEY\"}", "algorithm '' is not supported")]
    [InlineData("{\"key\":\"KEY\",\"cipher\":\"\"}", "algorithm '' is not supported")]
    [InlineData("{\"key\":\"AAAA\",\"cipher\":\"nope\"}", "algorithm 'nope' is not supported")]
    [InlineData("{\"key\":\"AAAA\",\"cipher\":\"AES256\"}", "invalid key size for 'AES256'")]
    [InlineData("{\"cipher\":\"AES256-GCM_SHA256\"}", "invalid key size for 'AES256-GCM_SHA256'")]
    [InlineData("{\"key\":null,\"cipher\":\"ChaCha20\"}", "invalid key size for 'ChaCha20'")]
    [InlineData("{\"key\":\"KEY33\",\"cipher\":\"XCHACHA20-POLY1305\"}", "invalid key size for 'XCHACHA20-POLY1305'")]
    public async Task Import_answers_406_for_an_unknown_cipher_before_a_wrong_key_size(string body, string message)
    {
        body = body.Replace("KEY33", Convert.ToBase64String(new byte[33]), StringComparison.Ordinal).Replace("KEY", Key32, StringComparison.Ordinal);
        var response = await Server.Admin().SendAsync("POST", "/v1/key/import/imp-406", body);
        await Reply.ErrorAsync(response, 406, message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("[]")]
    [InlineData("{\"key\":\"AA=\",\"cipher\":\"AES256\"}")]
    [InlineData("{\"key\":42,\"cipher\":\"AES256\"}")]
    [InlineData("{\"key\":\"AAAA\",\"cipher\":7}")]
    [InlineData("{\"key\":")]
    [InlineData("nonsense")]
    public async Task Import_rejects_a_body_it_cannot_decode(string body)
    {
        var response = await Server.Admin().SendAsync("POST", "/v1/key/import/imp-bad-body", body);
        await Reply.ErrorAsync(response, 400, "invalid import key request body");
    }

    [Fact]
    public async Task Import_checks_the_name_before_the_body()
    {
        var response = await Server.Admin().SendAsync("POST", "/v1/key/import/a.b", string.Empty);
        await Reply.ErrorAsync(response, 400, "key name 'a.b' is empty, too long or contains invalid characters");
    }

    [Fact]
    public async Task Import_of_an_existing_name_answers_key_already_exists()
    {
        var client = Server.Admin();
        var body = $"{{\"key\":\"{Key32}\",\"cipher\":\"AES256\"}}";
        await Reply.EmptyAsync(await client.SendAsync("PUT", "/v1/key/import/imp-twice", body));
        await Reply.ErrorAsync(await client.SendAsync("PUT", "/v1/key/import/imp-twice", body), 400, "key already exists");
    }

    [Fact]
    public async Task Describe_of_a_missing_key_is_404_and_of_an_invalid_name_400()
    {
        var client = Server.Admin();
        await Reply.ErrorAsync(await client.GetAsync("/v1/key/describe/absent"), 404, "key does not exist");
        await Reply.ErrorAsync(await client.GetAsync("/v1/key/describe/a-"), 400, "key name 'a-' is empty, too long or contains invalid characters");
    }

    [Fact]
    public async Task Delete_then_describe_answers_404_and_a_second_delete_too()
    {
        var client = Server.Admin();
        await Reply.EmptyAsync(await client.PostAsync("/v1/key/create/doomed", null));
        await Reply.EmptyAsync(await client.DeleteAsync("/v1/key/delete/doomed"));
        await Reply.ErrorAsync(await client.GetAsync("/v1/key/describe/doomed"), 404, "key does not exist");
        await Reply.ErrorAsync(await client.DeleteAsync("/v1/key/delete/doomed"), 404, "key does not exist");
        await Reply.ErrorAsync(await client.SendAsync("PUT", "/v1/key/encrypt/doomed", "{}"), 404, "key does not exist");
        await Reply.ErrorAsync(await client.DeleteAsync("/v1/key/delete/do.omed"), 400, "key name 'do.omed' is empty, too long or contains invalid characters");
    }

    [Fact]
    public async Task A_deleted_name_can_be_created_again_with_new_material()
    {
        var client = Server.Admin();
        await Reply.EmptyAsync(await client.PostAsync("/v1/key/create/reborn", null));
        var sealedOld = await Reply.JsonAsync(await client.SendAsync("PUT", "/v1/key/encrypt/reborn", "{\"plaintext\":\"YQ==\"}"));
        await Reply.EmptyAsync(await client.DeleteAsync("/v1/key/delete/reborn"));
        await Reply.EmptyAsync(await client.PostAsync("/v1/key/create/reborn", null));
        var response = await client.SendAsync("PUT", "/v1/key/decrypt/reborn", $"{{\"ciphertext\":\"{sealedOld.GetProperty("ciphertext").GetString()}\"}}");
        await Reply.ErrorAsync(response, 400, "decryption failed: ciphertext is not authentic");
    }

    [Fact]
    public async Task List_strips_one_trailing_star_and_omits_an_empty_continue_at()
    {
        await using var server = await KesTestServer.StartAsync();
        var client = server.Admin();
        foreach (var name in new[] { "my-a", "my-b", "myc", "other", "m" })
        {
            await Reply.EmptyAsync(await client.PostAsync("/v1/key/create/" + name, null));
        }

        Assert.Equal("{\"names\":[\"my-a\",\"my-b\",\"myc\"]}\n", await Reply.JsonTextAsync(await client.GetAsync("/v1/key/list/my*")));
        Assert.Equal("{\"names\":[\"my-a\",\"my-b\",\"myc\"]}\n", await Reply.JsonTextAsync(await client.GetAsync("/v1/key/list/my")));
        Assert.Equal("{\"names\":[\"my-a\",\"my-b\"]}\n", await Reply.JsonTextAsync(await client.GetAsync("/v1/key/list/my-*")));
        Assert.Equal("{\"names\":[]}\n", await Reply.JsonTextAsync(await client.GetAsync("/v1/key/list/zzz")));
        const string all = "{\"names\":[\"m\",\"my-a\",\"my-b\",\"myc\",\"other\"]}\n";
        Assert.Equal(all, await Reply.JsonTextAsync(await client.GetAsync("/v1/key/list/*")));
        Assert.Equal(all, await Reply.JsonTextAsync(await client.GetAsync("/v1/key/list/")));
        Assert.Equal(all, await Reply.JsonTextAsync(await client.SendAsync("GET", "/v1/key/list/%2A")));
    }

    [Theory]
    [InlineData("a-")]
    [InlineData("*-*")]
    [InlineData("my.key")]
    [InlineData("**")]
    [InlineData("_")]
    [InlineData("-a*")]
    public async Task List_rejects_an_invalid_pattern(string pattern)
    {
        var response = await Server.Admin().SendAsync("GET", "/v1/key/list/" + pattern);
        await Reply.ErrorAsync(response, 400, $"listing pattern '{pattern}' is empty, too long or is invalid");
    }

    [Fact]
    public async Task A_legacy_key_describes_without_creator_and_with_the_zero_time()
    {
        var store = new InMemoryKeyStore();
        await store.CreateAsync("legacy", Encoding.UTF8.GetBytes("{\"bytes\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"}"), default);
        await using var server = await KesTestServer.StartAsync(store: store);
        var text = await Reply.JsonTextAsync(await server.Admin().GetAsync("/v1/key/describe/legacy"));
        Assert.Equal("{\"name\":\"legacy\",\"algorithm\":\"AES256\",\"created_at\":\"0001-01-01T00:00:00Z\"}\n", text);
    }

    [Fact]
    public async Task An_unreadable_stored_value_answers_502_and_logs_the_cause()
    {
        var store = new InMemoryKeyStore();
        await store.CreateAsync("corrupt", "definitely not a key"u8.ToArray(), default);
        await using var server = await KesTestServer.StartAsync(store: store);
        var client = server.Admin();
        await Reply.ErrorAsync(await client.GetAsync("/v1/key/describe/corrupt"), 502, "failed to read key");
        await Reply.ErrorAsync(await client.SendAsync("PUT", "/v1/key/encrypt/corrupt", "{}"), 502, "failed to read key");
        await Reply.ErrorAsync(await client.SendAsync("PUT", "/v1/key/generate/corrupt", "{}"), 502, "failed to read key");
        await Reply.ErrorAsync(await client.SendAsync("PUT", "/v1/key/decrypt/corrupt", "{\"ciphertext\":\"AAAA\"}"), 502, "failed to read key");
        await Reply.ErrorAsync(await client.SendAsync("PUT", "/v1/key/hmac/corrupt", "{}"), 502, "failed to read key");
        Assert.Contains("level=ERROR", server.Stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("req.path=/v1/key/describe/corrupt", server.Stderr.ToString(), StringComparison.Ordinal);
    }

    private static string NewKeyAlgorithmName() => Kes.Application.Keys.NewKeyAlgorithm.Current.Name();
}
