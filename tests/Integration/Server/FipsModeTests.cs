using System.Net;
using System.Text;
using Kes.Domain.Identities;
using Kes.Domain.Keys;
using Kes.Infrastructure.Crypto.Codec;
using Kes.Infrastructure.KeyStores.InMemory;

namespace Kes.IntegrationTests.Server;

/// <summary>FIPS mode (docs/crypto.md §9): ChaCha20 keys can be neither imported nor used, with upstream's statuses and messages.</summary>
public sealed class FipsModeTests : IAsyncLifetime
{
    private KesTestServer _server = null!;

    public async Task InitializeAsync()
    {
        // The server owns the store and disposes it.
        var store = new InMemoryKeyStore();
        using var chacha = new KeyVersion(SecretKey.Generate(KeyAlgorithm.ChaCha20), HmacKey.Generate(), KesTimestamp.Now, Identity.Empty);
        await store.CreateAsync("chacha", new StoredKeyCodec().Encode(chacha), CancellationToken.None);
        _server = await KesTestServer.StartAsync(settings => settings with { Fips = true }, store);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static StringContent Json(string json) => new(json, Encoding.UTF8);

    [Theory]
    [InlineData("ChaCha20")]
    [InlineData("XCHACHA20-POLY1305")]
    public async Task Importing_a_chacha20_key_is_refused_with_406(string cipher)
    {
        var key = Convert.ToBase64String(new byte[32]);
        var response = await _server.Admin().PostAsync("/v1/key/import/imported", Json($"{{\"key\":\"{key}\",\"cipher\":\"{cipher}\"}}"));
        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
        Assert.Equal($"{{\"message\":\"algorithm '{cipher}' not supported by FIPS 140-2\"\n}}", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/v1/key/encrypt/chacha", "{\"plaintext\":\"YQ==\"}", "failed to encrypt plaintext")]
    [InlineData("/v1/key/generate/chacha", "{}", "failed to generate encryption key")]
    [InlineData("/v1/key/decrypt/chacha", "{\"ciphertext\":\"YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXowMTIzNDU2Nzg5YWJjZGVmZ2hpamtsbW5vcHFyc3R1dg==\"}", "failed to decrypt ciphertext")]
    public async Task Using_an_existing_chacha20_key_fails_internally(string path, string body, string message)
    {
        var response = await _server.Admin().PutAsync(path, Json(body));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal($"{{\"message\":\"{message}\"\n}}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task New_keys_are_aes256_and_work()
    {
        var client = _server.Admin();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/key/create/aes", null)).StatusCode);
        Assert.Contains("\"algorithm\":\"AES256\"", await client.GetStringAsync("/v1/key/describe/aes"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/key/generate/aes", Json("{}"))).StatusCode);
    }
}
