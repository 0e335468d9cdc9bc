using System.Net;
using System.Security.Cryptography;
using Kes.IntegrationTests.Server;

namespace Kes.IntegrationTests.Memory;

/// <summary>A core dump of the running server (issue 17 items 2 and 3) holds no data key before it is issued and, once the cache let go, no imported key, plaintext or issued data key in any form, over HTTP/1.1 and HTTP/2.</summary>
public sealed class MemoryDumpTests : IDisposable
{
    private const int PlaintextCount = 6;
    private const int DataKeysAfterDump = 32;
    private readonly ConfigFolder _folder = ConfigFolder.Create();

    [SkippableFact]
    public async Task A_core_dump_holds_no_future_data_key_and_after_the_cache_period_no_secret_a_request_or_reply_carried()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "gcore dumps Linux processes");
        var identities = TestIdentities.Create();
        var config = _folder.Write(
            $"address: 127.0.0.1:0\nadmin:\n  identity: {identities.AdminIdentity.Value}\n{_folder.TlsSection}"
            + "cache:\n  expiry:\n    any: 1s\n    unused: 1s\n"
            + $"log:\n  audit: off\nkeystore:\n  fs:\n    path: {_folder.KeysFolder}\n");
        await using var kes = KesProcess.Start(["server", "--config", config]);
        await kes.WaitUntilRunningAsync();

        var secrets = new List<(string Name, byte[] Bytes)>();
        foreach (var version in new[] { HttpVersion.Version11, HttpVersion.Version20 })
        {
            var admin = kes.Client(identities.Admin, _folder.ServerCertificate, version);
            secrets.AddRange(await SendSecretsAsync(admin, $"h{version.Major}"));
        }

        // Past both cache periods, with room for a slow eviction sweep on a loaded machine.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var dump = await CoreDump.TakeAsync(kes.ProcessId, _folder.Path);
        Skip.If(dump is null, CoreDump.Why);

        var later = kes.Client(identities.Admin, _folder.ServerCertificate, HttpVersion.Version20);
        var issuedAfter = new List<(string Name, byte[] Bytes)>();
        for (var i = 0; i < DataKeysAfterDump; i++)
        {
            var issued = await Reply.JsonAsync(await later.SendAsync("PUT", "/v1/key/generate/h2", "{}"));
            issuedAfter.AddRange(SecretForms.Of($"data key {i} issued after the dump", Convert.FromBase64String(issued.GetProperty("plaintext").GetString()!)));
        }

        Assert.Empty(dump!.Find(issuedAfter));
        Assert.Empty(dump.Find(secrets).Select(c => c.Name).Distinct());
    }

    /// <summary>Data keys issued and a decrypted plaintext (in replies), then encrypt plaintexts and an imported key (in requests), the last request carrying a secret.</summary>
    private static async Task<List<(string Name, byte[] Bytes)>> SendSecretsAsync(HttpClient admin, string name)
    {
        var secrets = new List<(string Name, byte[] Bytes)>();
        await Reply.EmptyAsync(await admin.SendAsync("POST", $"/v1/key/create/{name}", string.Empty));
        for (var i = 0; i < 4; i++)
        {
            var issued = await Reply.JsonAsync(await admin.SendAsync("PUT", $"/v1/key/generate/{name}", "{}"));
            secrets.AddRange(SecretForms.Of($"{name} data key {i}", Convert.FromBase64String(issued.GetProperty("plaintext").GetString()!)));
            if (i == 0)
            {
                var ciphertext = issued.GetProperty("ciphertext").GetString();
                await Reply.JsonAsync(await admin.SendAsync("PUT", $"/v1/key/decrypt/{name}", $"{{\"ciphertext\":\"{ciphertext}\"}}"));
            }
        }

        for (var i = 0; i < PlaintextCount; i++)
        {
            var plaintext = RandomNumberGenerator.GetBytes(24 + (i * 8));
            secrets.AddRange(SecretForms.Of($"{name} plaintext {i}", plaintext));
            await Reply.JsonAsync(await admin.SendAsync("PUT", $"/v1/key/encrypt/{name}", $"{{\"plaintext\":\"{Convert.ToBase64String(plaintext)}\"}}"));
        }

        var key = RandomNumberGenerator.GetBytes(32);
        secrets.AddRange(SecretForms.Of($"{name} imported key", key));
        await Reply.EmptyAsync(await admin.SendAsync("PUT", $"/v1/key/import/{name}-imported", $"{{\"key\":\"{Convert.ToBase64String(key)}\",\"cipher\":\"AES256\"}}"));
        return secrets;
    }

    public void Dispose() => _folder.Dispose();
}
