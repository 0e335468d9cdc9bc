using System.Net;
using System.Runtime.Versioning;
using System.Text;
using Kes.Domain.Ports;
using Kes.Infrastructure.KeyStores.FileSystem;
using Kes.Infrastructure.KeyStores.InMemory;

namespace Kes.IntegrationTests.Server;

/// <summary>The keystore contract as clients see it through the API: fs files in every stored format open, a restart keeps every key, and one name is created once however many ask at the same time.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class KeyStoreServerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kes-fs-").FullName;

    [Fact]
    public async Task Key_files_in_the_legacy_json_and_the_protobuf_format_open_from_an_fs_keystore()
    {
        foreach (var stored in KeyVersionVectors.Accepted)
        {
            File.WriteAllText(Path.Combine(_folder, stored.Id), stored.Text);
        }

        await using var server = await KesTestServer.StartAsync(store: new FileSystemKeyStore(_folder));
        var client = server.Admin();

        var bare = await Reply.JsonTextAsync(await client.GetAsync("/v1/key/describe/parse-00"));
        Assert.Equal("{\"name\":\"parse-00\",\"algorithm\":\"AES256\",\"created_at\":\"0001-01-01T00:00:00Z\"}\n", bare);
        await Reply.ErrorAsync(await client.SendAsync("PUT", "/v1/key/hmac/parse-00", "{\"message\":\"YQ==\"}"), 409, "key does not support HMAC");
        var chacha = await Reply.JsonAsync(await client.GetAsync("/v1/key/describe/parse-04"));
        Assert.Equal("ChaCha20", chacha.GetProperty("algorithm").GetString());
        Assert.Equal("2009-11-10T23:00:00Z", chacha.GetProperty("created_at").GetString());

        var current = await Reply.JsonTextAsync(await client.GetAsync("/v1/key/describe/parse-05"));
        Assert.Equal(
            "{\"name\":\"parse-05\",\"algorithm\":\"AES256\",\"created_at\":\"2024-01-12T10:39:20.886816Z\",\"created_by\":\"3ecfcdf38fcbe141ae26a1030f81e96b753365a46760ae6b578698a97c59fd22\"}\n",
            current);
        Assert.Equal(200, (int)(await client.SendAsync("PUT", "/v1/key/hmac/parse-05", "{\"message\":\"YQ==\"}")).StatusCode);

        // The legacy key parse-00 is the all-zero AES key of the crypto vector decrypt-00.
        var legacyCiphertext = "{\"aead\":\"AES-256-GCM-HMAC-SHA-256\",\"iv\":\"xLxIN3tSCkg2xMafuvwUwg==\",\"nonce\":\"gu0mGwUkwcvMEoi5\",\"bytes\":\"WVgRjeIJm3w50C/l+y7y2i6mbNg5NCAqN1zvOYWZKmc=\"}";
        var opened = await Reply.JsonAsync(await client.SendAsync("POST", "/v1/key/decrypt/parse-00", $"{{\"ciphertext\":\"{Convert.ToBase64String(Encoding.UTF8.GetBytes(legacyCiphertext))}\"}}"));
        Assert.Equal("AAAAAAAAAAAAAAAAAAAAAA==", opened.GetProperty("plaintext").GetString());

        foreach (var stored in KeyVersionVectors.Accepted)
        {
            var sealedText = await Reply.JsonAsync(await client.SendAsync("POST", "/v1/key/encrypt/" + stored.Id, "{\"plaintext\":\"c3RvcmVk\"}"));
            var roundTrip = await Reply.JsonAsync(await client.SendAsync("POST", "/v1/key/decrypt/" + stored.Id, $"{{\"ciphertext\":\"{sealedText.GetProperty("ciphertext").GetString()}\"}}"));
            Assert.Equal("c3RvcmVk", roundTrip.GetProperty("plaintext").GetString());
        }

        Assert.Equal(KeyVersionVectors.Accepted.Select(v => v.Text), KeyVersionVectors.Accepted.Select(v => File.ReadAllText(Path.Combine(_folder, v.Id))));
    }

    [Fact]
    public async Task Restarting_on_the_same_fs_keystore_keeps_every_key()
    {
        var before = new Dictionary<string, (string Description, string Ciphertext, string Mac)>();
        await using (var first = await KesTestServer.StartAsync(store: new FileSystemKeyStore(_folder)))
        {
            var client = first.Admin();
            for (var i = 0; i < 12; i++)
            {
                var name = $"keep-{i:D2}";
                var created = i % 3 == 0
                    ? await client.SendAsync("POST", "/v1/key/import/" + name, $"{{\"key\":\"{Convert.ToBase64String(Enumerable.Repeat((byte)i, 32).ToArray())}\",\"cipher\":\"{(i % 2 == 0 ? "AES256" : "ChaCha20")}\"}}")
                    : await client.PostAsync("/v1/key/create/" + name, null);
                await Reply.EmptyAsync(created);
                before[name] = await SnapshotAsync(client, name);
            }
        }

        await using var second = await KesTestServer.StartAsync(store: new FileSystemKeyStore(_folder));
        var admin = second.Admin();
        var list = await Reply.JsonAsync(await admin.GetAsync("/v1/key/list/keep-*"));
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), list.GetProperty("names").EnumerateArray().Select(n => n.GetString()!));
        foreach (var (name, (description, ciphertext, mac)) in before)
        {
            Assert.Equal(description, await Reply.JsonTextAsync(await admin.GetAsync("/v1/key/describe/" + name)));
            var opened = await Reply.JsonAsync(await admin.SendAsync("POST", "/v1/key/decrypt/" + name, $"{{\"ciphertext\":\"{ciphertext}\",\"context\":\"Y3R4\"}}"));
            Assert.Equal("a2VwdA==", opened.GetProperty("plaintext").GetString());
            Assert.Equal(mac, (await Reply.JsonAsync(await admin.SendAsync("PUT", "/v1/key/hmac/" + name, "{\"message\":\"bWFj\"}"))).GetProperty("hmac").GetString());
        }
    }

    [Fact]
    public async Task Listing_an_fs_keystore_answers_1024_names_and_continues_at_the_next()
    {
        var names = Enumerable.Range(0, 1030).Select(i => $"page-{i:D4}").ToArray();
        foreach (var name in names)
        {
            File.WriteAllText(Path.Combine(_folder, name), "not read by a listing");
        }

        await using var server = await KesTestServer.StartAsync(store: new FileSystemKeyStore(_folder));
        var client = server.Admin();
        var first = await Reply.JsonAsync(await client.GetAsync("/v1/key/list/"));
        Assert.Equal(names[..1024], first.GetProperty("names").EnumerateArray().Select(n => n.GetString()!));
        Assert.Equal(names[1024], first.GetProperty("continue_at").GetString());

        // kms-go passes continue_at as the next prefix: upstream's paging, mirrored as it is.
        var next = await Reply.JsonTextAsync(await client.GetAsync("/v1/key/list/" + names[1024]));
        Assert.Equal($"{{\"names\":[\"{names[1024]}\"]}}\n", next);
        var prefixed = await Reply.JsonAsync(await client.GetAsync("/v1/key/list/page-10*"));
        Assert.Equal(30, prefixed.GetProperty("names").GetArrayLength());
        Assert.False(prefixed.TryGetProperty("continue_at", out _));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("fs")]
    public async Task Sixteen_concurrent_creates_of_one_name_succeed_exactly_once(string kind)
    {
        IKeyStore store = kind == "fs" ? new FileSystemKeyStore(_folder) : new InMemoryKeyStore();
        await using var server = await KesTestServer.StartAsync(store: store);
        var clients = Enumerable.Range(0, 16).Select(i => server.Admin(i % 2 == 0 ? HttpVersion.Version11 : HttpVersion.Version20)).ToArray();
        foreach (var client in clients)
        {
            await client.GetAsync("/version");
        }

        for (var round = 0; round < 3; round++)
        {
            var name = $"contended-{round}";
            using var start = new ManualResetEventSlim();
            var creates = clients.Select(client => Task.Run(async () =>
            {
                start.Wait();
                return await client.PostAsync("/v1/key/create/" + name, null);
            })).ToArray();
            start.Set();
            var responses = await Task.WhenAll(creates);
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            {
                await Reply.ErrorAsync(loser, 400, "key already exists");
            }

            var generates = await Task.WhenAll(clients.Select(client => client.SendAsync("POST", "/v1/key/generate/" + name, "{}")));
            var ciphertexts = new List<string>();
            foreach (var generated in generates)
            {
                ciphertexts.Add((await Reply.JsonAsync(generated)).GetProperty("ciphertext").GetString()!);
            }

            foreach (var ciphertext in ciphertexts)
            {
                Assert.Equal(200, (int)(await clients[0].SendAsync("POST", "/v1/key/decrypt/" + name, $"{{\"ciphertext\":\"{ciphertext}\"}}")).StatusCode);
            }
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task<(string Description, string Ciphertext, string Mac)> SnapshotAsync(HttpClient client, string name)
    {
        var description = await Reply.JsonTextAsync(await client.GetAsync("/v1/key/describe/" + name));
        var sealedText = await Reply.JsonAsync(await client.SendAsync("POST", "/v1/key/encrypt/" + name, "{\"plaintext\":\"a2VwdA==\",\"context\":\"Y3R4\"}"));
        var mac = await Reply.JsonAsync(await client.SendAsync("PUT", "/v1/key/hmac/" + name, "{\"message\":\"bWFj\"}"));
        return (description, sealedText.GetProperty("ciphertext").GetString()!, mac.GetProperty("hmac").GetString()!);
    }
}
