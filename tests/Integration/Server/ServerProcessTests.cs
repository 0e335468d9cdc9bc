namespace Kes.IntegrationTests.Server;

/// <summary>The <c>kes</c> executable with a config file (docs/config.md, docs/cli.md §4.1): errors, <c>${VAR}</c>, <c>keys:</c>, the fs keystore, SIGHUP and restart. Kept few: each process costs about a second.</summary>
public sealed class ServerProcessTests : IDisposable
{
    private readonly ConfigFolder _folder = ConfigFolder.Create();

    [Fact]
    public async Task A_config_error_makes_the_executable_print_one_error_line_and_exit_1()
    {
        var config = _folder.Write("version: v2\naddress: 127.0.0.1:0\n");
        await using var kes = KesProcess.Start(["server", "--config", config]);
        Assert.Equal(1, await kes.WaitForExitAsync());
        Assert.Equal("Error: edge: invalid server config version 'v2'\n", kes.Stderr);
    }

    [Fact]
    public async Task A_declared_key_the_keystore_refuses_aborts_startup_after_the_banner()
    {
        var config = _folder.Write(
            $"address: 127.0.0.1:0\nadmin:\n  identity: disabled\n{_folder.TlsSection}keys:\n  - name: bad.name\nkeystore:\n  fs:\n    path: {_folder.KeysFolder}\n");
        await using var kes = KesProcess.Start(["server", "--config", config]);
        Assert.Equal(1, await kes.WaitForExitAsync());
        Assert.Contains("=> Server is up and running...", kes.Stdout, StringComparison.Ordinal);
        Assert.Contains("Admin                             <disabled>", kes.Stdout, StringComparison.Ordinal);
        Assert.Equal("Error: fs: key name contains invalid character\n", kes.Stderr);
    }

    [Fact]
    public async Task Variables_declared_keys_sighup_and_restart_work_on_an_fs_keystore()
    {
        var identities = TestIdentities.Create();
        var environment = new Dictionary<string, string>
        {
            ["KES_TEST_ADDR"] = "127.0.0.1:0",
            ["KES_TEST_ADMIN"] = identities.AdminIdentity.Value,
            ["KES_TEST_APP"] = identities.AllowedIdentity.Value,
            ["KES_TEST_KEYS"] = _folder.KeysFolder,
        };
        var config = _folder.Write(Config("app", ["/v1/key/describe/*", "/v1/key/list/*"], ["boot-a", "boot-b"]));

        string ciphertext, mac, bootCreatedAt;
        await using (var kes = KesProcess.Start(["server", "--config", config], environment))
        {
            await kes.WaitUntilRunningAsync();
            Assert.Contains("Filesystem: " + _folder.KeysFolder, kes.Stdout, StringComparison.Ordinal);
            Assert.Contains("Admin                             " + identities.AdminIdentity.Value, kes.Stdout, StringComparison.Ordinal);
            var admin = kes.Client(identities.Admin, _folder.ServerCertificate);
            var app = kes.Client(identities.Allowed, _folder.ServerCertificate);

            Assert.Equal("{\"names\":[\"boot-a\",\"boot-b\"]}\n", await Reply.JsonTextAsync(await admin.GetAsync("/v1/key/list/")));
            var boot = await Reply.JsonAsync(await app.GetAsync("/v1/key/describe/boot-a"));
            Assert.Equal(identities.AdminIdentity.Value, boot.GetProperty("created_by").GetString());
            bootCreatedAt = boot.GetProperty("created_at").GetString()!;
            await Reply.ErrorAsync(await app.PostAsync("/v1/key/create/by-app", null), 403, "not authorized: insufficient permissions");

            await Reply.EmptyAsync(await admin.PostAsync("/v1/key/create/runtime-key", null));
            await Reply.EmptyAsync(await admin.SendAsync("POST", "/v1/key/import/imported", $"{{\"key\":\"{Convert.ToBase64String(new byte[32])}\",\"cipher\":\"ChaCha20\"}}"));
            ciphertext = (await Reply.JsonAsync(await admin.SendAsync("POST", "/v1/key/encrypt/runtime-key", "{\"plaintext\":\"c3Vydml2ZXM=\"}"))).GetProperty("ciphertext").GetString()!;
            mac = (await Reply.JsonAsync(await admin.SendAsync("PUT", "/v1/key/hmac/runtime-key", "{\"message\":\"YQ==\"}"))).GetProperty("hmac").GetString()!;
            Assert.True(File.Exists(Path.Combine(_folder.KeysFolder, "runtime-key")));

            await kes.WaitForOutputAsync("secret key 'runtime-key' created");
            _folder.Write(Config("ops", ["/v1/key/create/*", "/v1/policy/*"], ["boot-a", "boot-b", "boot-c"], "api:\n  /v1/key/list/:\n    timeout: 3s\nlog:\n  audit: off\n"));
            await kes.SignalAsync("HUP");
            await kes.WaitForOutputAsync("=> Reloading configuration after SIGHUP signal completed.");
            await Reply.ErrorAsync(await app.GetAsync("/v1/key/describe/boot-a"), 403, "not authorized: insufficient permissions");
            await Reply.EmptyAsync(await app.PostAsync("/v1/key/create/by-app", null));
            Assert.Contains("{\"method\":\"GET\",\"path\":\"/v1/key/list/\",\"max_body\":0,\"timeout\":3}", await Reply.JsonTextAsync(await admin.GetAsync("/v1/api")), StringComparison.Ordinal);
            Assert.Equal("{\"names\":[\"ops\"],\"continue_at\":\"\"}\n", await Reply.JsonTextAsync(await app.GetAsync("/v1/policy/list/")));
            Assert.Equal(bootCreatedAt, (await Reply.JsonAsync(await admin.GetAsync("/v1/key/describe/boot-a"))).GetProperty("created_at").GetString());
            Assert.Equal("boot-c", (await Reply.JsonAsync(await admin.GetAsync("/v1/key/describe/boot-c"))).GetProperty("name").GetString());

            await kes.SignalAsync("TERM");
            Assert.Equal(0, await kes.WaitForExitAsync());
            // Every queued record is written before the process exits, so its absence here means none was made.
            Assert.DoesNotContain("secret key 'by-app' created", kes.Stdout, StringComparison.Ordinal);
            Assert.Contains("=> Stopping server... Goodbye.", kes.Stdout, StringComparison.Ordinal);
        }

        await using (var restarted = KesProcess.Start(["server", "--config", config], environment))
        {
            await restarted.WaitUntilRunningAsync();
            var admin = restarted.Client(identities.Admin, _folder.ServerCertificate);
            Assert.Equal(
                "{\"names\":[\"boot-a\",\"boot-b\",\"boot-c\",\"by-app\",\"imported\",\"runtime-key\"]}\n",
                await Reply.JsonTextAsync(await admin.GetAsync("/v1/key/list/")));
            var opened = await Reply.JsonAsync(await admin.SendAsync("POST", "/v1/key/decrypt/runtime-key", $"{{\"ciphertext\":\"{ciphertext}\"}}"));
            Assert.Equal("c3Vydml2ZXM=", opened.GetProperty("plaintext").GetString());
            Assert.Equal(mac, (await Reply.JsonAsync(await admin.SendAsync("PUT", "/v1/key/hmac/runtime-key", "{\"message\":\"YQ==\"}"))).GetProperty("hmac").GetString());
            Assert.Equal(bootCreatedAt, (await Reply.JsonAsync(await admin.GetAsync("/v1/key/describe/boot-a"))).GetProperty("created_at").GetString());
            var imported = await Reply.JsonAsync(await admin.GetAsync("/v1/key/describe/imported"));
            Assert.Equal("ChaCha20", imported.GetProperty("algorithm").GetString());
            var byApp = await Reply.JsonAsync(await admin.GetAsync("/v1/key/describe/by-app"));
            Assert.Equal(identities.AllowedIdentity.Value, byApp.GetProperty("created_by").GetString());
        }
    }

    public void Dispose() => _folder.Dispose();

    private string Config(string policy, string[] allow, string[] keys, string extra = "") =>
        "version: v1\n"
        + "address: ${KES_TEST_ADDR}\n"
        + "admin:\n  identity: \"  ${ KES_TEST_ADMIN }  \"\n"
        + _folder.TlsSection
        + $"policy:\n  {policy}:\n    allow:\n{string.Concat(allow.Select(a => $"    - {a}\n"))}    identities:\n    - ${{KES_TEST_APP}}\n"
        + $"keys:\n{string.Concat(keys.Select(k => $"  - name: {k}\n"))}"
        + extra
        + "keystore:\n  fs:\n    path: ${KES_TEST_KEYS}\n";
}
