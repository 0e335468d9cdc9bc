using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Kes.IntegrationTests.Server;

public sealed class KeyRouteTests : IAsyncLifetime
{
    private KesTestServer _server = null!;

    public async Task InitializeAsync() => _server = await KesTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static StringContent Json(string json) => new(json, Encoding.UTF8);

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task Create_generate_and_decrypt_round_trip_as_minio_does(string version)
    {
        var client = _server.Admin(Version.Parse(version));
        var created = await client.PostAsync("/v1/key/create/minio-key", null);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(0, created.Content.Headers.ContentLength);
        Assert.Null(created.Content.Headers.ContentType);

        var context = Convert.ToBase64String("{\"bucket\":\"bucket/object\"}"u8);
        var generated = await client.PostAsync("/v1/key/generate/minio-key", Json($"{{\"context\":\"{context}\"}}"));
        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        Assert.Equal("application/json", generated.Content.Headers.ContentType!.MediaType);
        var body = await generated.Content.ReadAsStringAsync();
        Assert.EndsWith("}\n", body, StringComparison.Ordinal);
        using var dek = JsonDocument.Parse(body);
        var plaintext = Convert.FromBase64String(dek.RootElement.GetProperty("plaintext").GetString()!);
        var ciphertext = dek.RootElement.GetProperty("ciphertext").GetString()!;
        Assert.Equal(32, plaintext.Length);
        Assert.Equal(76, Convert.FromBase64String(ciphertext).Length);

        var decrypted = await client.PostAsync("/v1/key/decrypt/minio-key", Json($"{{\"ciphertext\":\"{ciphertext}\",\"context\":\"{context}\"}}"));
        Assert.Equal(HttpStatusCode.OK, decrypted.StatusCode);
        using var opened = JsonDocument.Parse(await decrypted.Content.ReadAsStringAsync());
        Assert.Equal(plaintext, Convert.FromBase64String(opened.RootElement.GetProperty("plaintext").GetString()!));
    }

    [Fact]
    public async Task Decrypt_with_wrong_context_is_rejected_as_not_authentic()
    {
        var client = _server.Admin();
        await client.PostAsync("/v1/key/create/k1", null);
        var encrypted = await client.PutAsync("/v1/key/encrypt/k1", Json("{\"plaintext\":\"aGVsbG8=\",\"context\":\"YQ==\"}"));
        using var doc = JsonDocument.Parse(await encrypted.Content.ReadAsStringAsync());
        var ciphertext = doc.RootElement.GetProperty("ciphertext").GetString();
        var decrypted = await client.PutAsync("/v1/key/decrypt/k1", Json($"{{\"ciphertext\":\"{ciphertext}\",\"context\":\"Yg==\"}}"));
        Assert.Equal(HttpStatusCode.BadRequest, decrypted.StatusCode);
        Assert.Equal("{\"message\":\"decryption failed: ciphertext is not authentic\"\n}", await decrypted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_missing_key_answers_the_exact_33_byte_error()
    {
        var response = await _server.Admin().GetAsync("/v1/key/describe/nope");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("{\"message\":\"key does not exist\"\n}", Encoding.UTF8.GetString(bytes));
        Assert.Equal(33, bytes.Length);
    }

    [Fact]
    public async Task Creating_an_existing_key_answers_key_already_exists()
    {
        var client = _server.Admin();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/key/create/dup", null)).StatusCode);
        var again = await client.PostAsync("/v1/key/create/dup", null);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("{\"message\":\"key already exists\"\n}", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Describe_lists_algorithm_and_creator()
    {
        var client = _server.Admin();
        await client.PostAsync("/v1/key/create/described", null);
        var json = await client.GetFromJsonAsync<JsonElement>("/v1/key/describe/described");
        Assert.Equal("described", json.GetProperty("name").GetString());
        Assert.Equal("AES256", json.GetProperty("algorithm").GetString());
        Assert.Equal(_server.Identities.AdminIdentity.Value, json.GetProperty("created_by").GetString());
    }
}
