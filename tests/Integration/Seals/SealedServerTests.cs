using System.Net;
using System.Text;
using Kes.IntegrationTests.Server;

namespace Kes.IntegrationTests.Seals;

/// <summary>A <c>kes</c> process whose fs keystore is sealed by a SoftHSM2 root key (docs/keystores.md §9): what the files hold, what refuses to open, and the server's life around the token.</summary>
public sealed class SealedServerTests : IDisposable
{
    private readonly ConfigFolder _folder = ConfigFolder.Create();
    private readonly TestIdentities _identities = TestIdentities.Create();

    [SkippableFact]
    public async Task Keys_round_trip_survive_a_restart_and_the_files_hold_no_key_bytes()
    {
        using var hsm = await SoftHsm.CreateAsync();
        var keyBytes = Encoding.ASCII.GetBytes("kes-seal-test-key-0123456789abcd");
        string ciphertext;
        await using (var kes = await StartAsync(hsm))
        {
            Assert.Contains($"sealed by PKCS#11 token '{SoftHsm.Token}', key '{SoftHsm.RootKey}'", kes.Stdout, StringComparison.Ordinal);
            var admin = kes.Client(_identities.Admin, _folder.ServerCertificate);
            await Reply.EmptyAsync(await admin.SendAsync("POST", "/v1/key/import/imported", $"{{\"key\":\"{Convert.ToBase64String(keyBytes)}\",\"cipher\":\"AES256\"}}"));
            await Reply.EmptyAsync(await admin.PostAsync("/v1/key/create/created", null));
            ciphertext = (await Reply.JsonAsync(await admin.SendAsync("POST", "/v1/key/encrypt/imported", "{\"plaintext\":\"c2VhbGVk\"}"))).GetProperty("ciphertext").GetString()!;
        }

        foreach (var file in Directory.GetFiles(_folder.KeysFolder))
        {
            var content = await File.ReadAllBytesAsync(file);
            Assert.StartsWith("kes-sealed:", Encoding.ASCII.GetString(content), StringComparison.Ordinal);
            Assert.Equal(-1, content.AsSpan().IndexOf(keyBytes));
            Assert.DoesNotContain(Convert.ToBase64String(keyBytes), Encoding.ASCII.GetString(content), StringComparison.Ordinal);
        }

        await using (var restarted = await StartAsync(hsm))
        {
            var admin = restarted.Client(_identities.Admin, _folder.ServerCertificate);
            var decrypted = await Reply.JsonAsync(await admin.SendAsync("POST", "/v1/key/decrypt/imported", $"{{\"ciphertext\":\"{ciphertext}\"}}"));
            Assert.Equal("c2VhbGVk", decrypted.GetProperty("plaintext").GetString());
            Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync("POST", "/v1/key/generate/created", "{}")).StatusCode);
        }
    }

    [SkippableFact]
    public async Task A_renamed_or_tampered_sealed_value_does_not_open()
    {
        using var hsm = await SoftHsm.CreateAsync();
        await using var kes = await StartAsync(hsm);
        var admin = kes.Client(_identities.Admin, _folder.ServerCertificate);
        await Reply.EmptyAsync(await admin.PostAsync("/v1/key/create/original", null));
        await Reply.EmptyAsync(await admin.PostAsync("/v1/key/create/tampered", null));
        var original = Path.Combine(_folder.KeysFolder, "original");
        File.Copy(original, Path.Combine(_folder.KeysFolder, "renamed"));
        var tampered = Path.Combine(_folder.KeysFolder, "tampered");
        var text = (await File.ReadAllTextAsync(tampered)).ToCharArray();
        text[^5] = text[^5] == 'A' ? 'B' : 'A';
        await File.WriteAllTextAsync(tampered, new string(text));

        await Reply.ErrorAsync(await admin.SendAsync("POST", "/v1/key/generate/renamed", "{}"), 502, "failed to read key");
        await Reply.ErrorAsync(await admin.SendAsync("POST", "/v1/key/generate/tampered", "{}"), 502, "failed to read key");
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync("POST", "/v1/key/generate/original", "{}")).StatusCode);
        Assert.Contains("seal: the sealed value of key 'renamed' is not authentic", kes.Stderr, StringComparison.Ordinal);
        Assert.Contains("seal: the sealed value of key 'tampered' is not authentic", kes.Stderr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task An_unsealed_stored_key_is_refused_unless_the_config_allows_it_and_both_are_logged()
    {
        using var hsm = await SoftHsm.CreateAsync();
        await using (var plain = KesProcess.Start(["server", "--config", _folder.Write(Config(seal: string.Empty))]))
        {
            await plain.WaitUntilRunningAsync();
            await Reply.EmptyAsync(await plain.Client(_identities.Admin, _folder.ServerCertificate).PostAsync("/v1/key/create/legacy", null));
        }

        await using (var strict = await StartAsync(hsm))
        {
            var admin = strict.Client(_identities.Admin, _folder.ServerCertificate);
            await Reply.ErrorAsync(await admin.SendAsync("POST", "/v1/key/generate/legacy", "{}"), 502, "failed to read key");
            Assert.Contains("seal: key 'legacy' is stored unsealed: refused", strict.Stderr, StringComparison.Ordinal);
        }

        await using var rolling = await StartAsync(hsm, SoftHsm.SealSection(allowUnsealed: true));
        var client = rolling.Client(_identities.Admin, _folder.ServerCertificate);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync("POST", "/v1/key/generate/legacy", "{}")).StatusCode);
        Assert.Contains("seal: key 'legacy' is stored unsealed; read because 'seal.allow_unsealed' is set", rolling.Stderr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Sixteen_concurrent_cache_misses_all_open_through_the_session_pool()
    {
        using var hsm = await SoftHsm.CreateAsync();
        var names = Enumerable.Range(0, 16).Select(i => $"key-{i}").ToArray();
        await using (var kes = await StartAsync(hsm))
        {
            var admin = kes.Client(_identities.Admin, _folder.ServerCertificate);
            foreach (var name in names)
            {
                await Reply.EmptyAsync(await admin.PostAsync($"/v1/key/create/{name}", null));
            }
        }

        await using var restarted = await StartAsync(hsm);
        var client = restarted.Client(_identities.Admin, _folder.ServerCertificate);
        using var start = new SemaphoreSlim(0);
        var requests = names.Select(async name =>
        {
            await start.WaitAsync();
            return await client.SendAsync("POST", $"/v1/key/generate/{name}", "{}");
        }).ToArray();
        start.Release(names.Length);
        var responses = await Task.WhenAll(requests);
        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
    }

    [SkippableFact]
    public async Task A_token_pulled_away_fails_closed_with_502_cached_keys_keep_serving_and_it_recovers_when_back()
    {
        using var hsm = await SoftHsm.CreateAsync();
        await using var kes = await StartAsync(hsm);
        var admin = kes.Client(_identities.Admin, _folder.ServerCertificate);
        await Reply.EmptyAsync(await admin.PostAsync("/v1/key/create/cached", null));
        await Reply.EmptyAsync(await admin.PostAsync("/v1/key/create/cold", null));
        var dek = await Reply.JsonAsync(await admin.SendAsync("POST", "/v1/key/generate/cached", "{}"));

        hsm.PullAway();
        await Reply.ErrorAsync(await admin.SendAsync("POST", "/v1/key/generate/cold", "{}"), 502, "failed to read key");
        await Reply.ErrorAsync(await admin.PostAsync("/v1/key/create/while-away", null), 502, "failed to create key");
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync("POST", "/v1/key/generate/cached", "{}")).StatusCode);
        var decrypted = await Reply.JsonAsync(await admin.SendAsync("POST", "/v1/key/decrypt/cached", $"{{\"ciphertext\":\"{dek.GetProperty("ciphertext").GetString()}\"}}"));
        Assert.Equal(dek.GetProperty("plaintext").GetString(), decrypted.GetProperty("plaintext").GetString());

        hsm.Return();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        HttpStatusCode status;
        do
        {
            // A failed rebuild is retried at most once a second.
            await Task.Delay(250);
            status = (await admin.SendAsync("POST", "/v1/key/generate/cold", "{}")).StatusCode;
        }
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("seal:", kes.Stderr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task An_unknown_top_level_key_is_named_in_a_warning_and_the_server_still_starts()
    {
        using var hsm = await SoftHsm.CreateAsync();
        var misspelled = SoftHsm.SealSection().Replace("seal:", "sael:", StringComparison.Ordinal);
        await using var kes = KesProcess.Start(["server", "--config", _folder.Write(Config(misspelled) + "extra: 1\n")], hsm.Environment);
        await kes.WaitUntilRunningAsync();
        Assert.Contains("WARNING: unknown config key 'sael' is ignored", kes.Stderr, StringComparison.Ordinal);
        Assert.Contains("WARNING: unknown config key 'extra' is ignored", kes.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("sealed by", kes.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private async Task<KesProcess> StartAsync(SoftHsm hsm, string? seal = null)
    {
        var kes = KesProcess.Start(["server", "--config", _folder.Write(Config(seal ?? SoftHsm.SealSection()))], hsm.Environment);
        await kes.WaitUntilRunningAsync();
        return kes;
    }

    private string Config(string seal) =>
        $"address: 127.0.0.1:0\nadmin:\n  identity: {_identities.AdminIdentity.Value}\n{_folder.TlsSection}keystore:\n  fs:\n    path: {_folder.KeysFolder}\n{seal}";
}
