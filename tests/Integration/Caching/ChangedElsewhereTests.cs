using System.Diagnostics;
using System.Runtime.Versioning;
using Kes.Application.Caching;
using Kes.Infrastructure.KeyStores.FileSystem;
using Kes.IntegrationTests.Server;

namespace Kes.IntegrationTests.Caching;

/// <summary>Two servers on one fs folder: a key deleted and re-created on one stops being used on the other within the revalidation period (docs/keystores.md §3.3).</summary>
[UnsupportedOSPlatform("windows")]
public sealed class ChangedElsewhereTests : IDisposable
{
    // Generous: the condition is observed as soon as it holds; this only bounds a broken build.
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);

    private readonly string _folder = Directory.CreateTempSubdirectory("kes-nodes-").FullName;
    private readonly TestIdentities _identities = TestIdentities.Create();

    [Fact]
    public async Task A_key_re_created_on_one_node_is_used_by_the_other_within_the_revalidation_period()
    {
        await using var node0 = await StartNodeAsync(TimeSpan.FromSeconds(1));
        await using var node1 = await StartNodeAsync(TimeSpan.FromSeconds(1));
        var client0 = node0.Admin();
        var client1 = node1.Admin();

        await ReplaceKeyAsync(client0, client1);

        // Node 1 keeps generating; once it has revalidated, node 0 (which has the new key) opens what it makes.
        var watch = Stopwatch.StartNew();
        while (!await OpensAsync(client0, await GenerateAsync(client1)))
        {
            Assert.True(watch.Elapsed < GiveUpAfter, "node 1 still generates with the deleted key");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Decrypt_re_reads_a_key_replaced_elsewhere_when_the_cached_one_fails()
    {
        // Revalidation off: only the recovery path can find the new key.
        await using var node0 = await StartNodeAsync(TimeSpan.Zero);
        await using var node1 = await StartNodeAsync(TimeSpan.Zero);
        var client0 = node0.Admin();
        var client1 = node1.Admin();

        var old = await ReplaceKeyAsync(client0, client1);

        Assert.True(await OpensAsync(client1, await GenerateAsync(client0)));
        Assert.False(await OpensAsync(client1, old));
    }

    [Fact]
    public async Task Bulk_decrypt_re_reads_a_key_replaced_elsewhere_and_opens_every_item_with_the_new_one()
    {
        await using var node0 = await StartNodeAsync(TimeSpan.Zero);
        await using var node1 = await StartNodeAsync(TimeSpan.Zero);
        var client0 = node0.Admin();
        var client1 = node1.Admin();

        var old = await ReplaceKeyAsync(client0, client1);

        string[] fresh = [await GenerateAsync(client0), await GenerateAsync(client0)];
        var opened = await Reply.JsonAsync(await client1.SendAsync("POST", "/v1/key/bulk/decrypt/st", Bulk(fresh)));
        Assert.Equal(2, opened.GetArrayLength());
        // The cache now holds the new key: a batch with a ciphertext of the old one fails whole.
        await Reply.ErrorAsync(await client1.SendAsync("POST", "/v1/key/bulk/decrypt/st", Bulk([fresh[0], old])), 400, "decryption failed: ciphertext is not authentic");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Creates the key on node 0, has node 1 cache it by sealing with it, then deletes and re-creates it on node 0; returns what node 1 sealed with the old key.</summary>
    private static async Task<string> ReplaceKeyAsync(HttpClient client0, HttpClient client1)
    {
        Assert.Equal(200, (int)(await client0.SendAsync("POST", "/v1/key/create/st")).StatusCode);
        var old = await GenerateAsync(client1);
        Assert.Equal(200, (int)(await client0.SendAsync("DELETE", "/v1/key/delete/st")).StatusCode);
        Assert.Equal(200, (int)(await client0.SendAsync("POST", "/v1/key/create/st")).StatusCode);
        return old;
    }

    private static string Bulk(string[] ciphertexts) => "[" + string.Join(',', ciphertexts.Select(c => $"{{\"ciphertext\":\"{c}\"}}")) + "]";

    private Task<KesTestServer> StartNodeAsync(TimeSpan revalidate) => KesTestServer.StartAsync(
        settings => settings with { Cache = CacheOptions.Default with { Revalidate = revalidate } },
        store: new FileSystemKeyStore(_folder),
        identities: _identities);

    private static async Task<string> GenerateAsync(HttpClient client) =>
        (await Reply.JsonAsync(await client.SendAsync("POST", "/v1/key/generate/st", "{}"))).GetProperty("ciphertext").GetString()!;

    private static async Task<bool> OpensAsync(HttpClient client, string ciphertext)
    {
        using var response = await client.SendAsync("POST", "/v1/key/decrypt/st", $"{{\"ciphertext\":\"{ciphertext}\"}}");
        if ((int)response.StatusCode == 400)
        {
            await Reply.ErrorAsync(response, 400, "decryption failed: ciphertext is not authentic");
            return false;
        }

        Assert.Equal(200, (int)response.StatusCode);
        return true;
    }
}
