using System.Security.Cryptography;
using System.Text;
using Kes.Client;
using Kes.Client.Credentials;
using Kes.Client.Errors;

namespace Kes.IntegrationTests.Client;

public sealed class KesClientTests(ApiKeyServer fixture) : IClassFixture<ApiKeyServer>, IDisposable
{
    private readonly KesCredentials _credentials = KesCredentials.FromApiKey(fixture.AdminKey);
    private readonly List<IDisposable> _owned = [];

    private KesClient Admin => Client(_credentials);

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _credentials.Dispose();
    }

    [Fact]
    public async Task Server_routes_answer_over_bouncycastle_tls()
    {
        var client = Admin;
        Assert.NotEqual(string.Empty, (await client.VersionAsync()).Version);
        await client.ReadyAsync();
        var status = await client.StatusAsync();
        Assert.Equal(Environment.ProcessorCount, status.Cpus);
        Assert.True(status.HeapUsed > 0);
        Assert.Equal(1, status.KeyStoreLatencyMilliseconds);
        Assert.False(status.KeyStoreUnreachable);
        var apis = await client.ApisAsync();
        Assert.Contains(apis, route => route is { Method: "PUT", Path: "/v1/key/create/", MaxBody: 0 } && route.Timeout == TimeSpan.FromSeconds(15));
        Assert.Contains(apis, route => route.Path == "/v1/log/audit" && route.Timeout == TimeSpan.Zero);

        await client.CreateKeyAsync("metric-warmup");
        var metrics = await client.MetricsAsync();
        Assert.True(metrics.RequestOK > 0);
        Assert.True(metrics.Cpus > 0 && metrics.HeapAlloc > 0 && metrics.UpTime > TimeSpan.Zero);
        Assert.True(metrics.LatencyHistogram.ContainsKey(TimeSpan.FromMilliseconds(10)));
    }

    [Fact]
    public async Task Key_routes_round_trip()
    {
        var client = Admin;
        await client.CreateKeyAsync("round-trip");
        var info = await client.DescribeKeyAsync("round-trip");
        Assert.Equal(("round-trip", "AES256", fixture.AdminKey.Identity.Value), (info.Name, info.Algorithm, info.CreatedBy));

        var context = "bucket/object"u8.ToArray();
        var ciphertext = await client.EncryptAsync("round-trip", "secret message"u8.ToArray(), context);
        using (var plaintext = await client.DecryptAsync("round-trip", ciphertext, context))
        {
            Assert.Equal("secret message"u8.ToArray(), plaintext.Span.ToArray());
        }

        using var dek = await client.GenerateKeyAsync("round-trip", context);
        Assert.Equal(32, dek.Plaintext.Length);
        using (var opened = await client.DecryptAsync("round-trip", dek.Ciphertext, context))
        {
            Assert.True(opened.Span.SequenceEqual(dek.Plaintext.Span));
        }

        var empty = await client.EncryptAsync("round-trip", ReadOnlyMemory<byte>.Empty);
        using (var nothing = await client.DecryptAsync("round-trip", empty))
        {
            Assert.Equal(0, nothing.Length);
        }

        var all = await client.DecryptAllAsync("round-trip", [new CiphertextItem(ciphertext, context), new CiphertextItem(dek.Ciphertext, context)]);
        try
        {
            Assert.Equal("secret message"u8.ToArray(), all[0].Span.ToArray());
            Assert.True(all[1].Span.SequenceEqual(dek.Plaintext.Span));
        }
        finally
        {
            foreach (var plaintext in all)
            {
                plaintext.Dispose();
            }
        }

        using var mac1 = await client.HmacAsync("round-trip", "root access key"u8.ToArray());
        using var mac2 = await client.HmacAsync("round-trip", "root access key"u8.ToArray());
        Assert.Equal(32, mac1.Length);
        Assert.True(mac1.Span.SequenceEqual(mac2.Span));

        await client.DeleteKeyAsync("round-trip");
        Assert.Equal(KesClientError.KeyNotFound, (await Assert.ThrowsAsync<KesClientException>(() => client.DescribeKeyAsync("round-trip"))).Error);
    }

    [Fact]
    public async Task Payloads_near_the_body_limit_cross_many_tls_records()
    {
        var client = Admin;
        await client.CreateKeyAsync("large");
        var plaintext = RandomNumberGenerator.GetBytes(700_000);
        var ciphertext = await client.EncryptAsync("large", plaintext);
        using var opened = await client.DecryptAsync("large", ciphertext);
        Assert.True(opened.Span.SequenceEqual(plaintext));

        var tooLarge = await Assert.ThrowsAsync<KesClientException>(() => client.EncryptAsync("large", new byte[800_000]));
        Assert.Equal(KesClientError.InvalidRequestBody, tooLarge.Error);
    }

    [Fact]
    public async Task Imported_keys_decrypt_what_they_encrypt()
    {
        var client = Admin;
        var key = RandomNumberGenerator.GetBytes(32);
        await client.ImportKeyAsync("imported-aes", key);
        await client.ImportKeyAsync("imported-chacha", key, "ChaCha20");
        Assert.Equal("ChaCha20", (await client.DescribeKeyAsync("imported-chacha")).Algorithm);
        var ciphertext = await client.EncryptAsync("imported-aes", "x"u8.ToArray());
        using var plaintext = await client.DecryptAsync("imported-aes", ciphertext);
        Assert.Equal("x"u8.ToArray(), plaintext.Span.ToArray());

        var bad = await Assert.ThrowsAsync<KesClientException>(() => client.ImportKeyAsync("imported-bad", new byte[16]));
        Assert.Equal(new KesClientError(406, "invalid key size for 'AES256'"), bad.Error);
    }

    [Fact]
    public async Task Listing_follows_the_redirect_for_everything_and_strips_a_trailing_star()
    {
        var client = Admin;
        await client.CreateKeyAsync("list-1");
        await client.CreateKeyAsync("list-2");
        Assert.Contains("list-1", (await client.ListKeysAsync(string.Empty)).Names);
        var page = await client.ListKeysAsync("list-*");
        Assert.Equal(["list-1", "list-2"], page.Names);
        Assert.Equal(string.Empty, page.ContinueAt);
    }

    [Fact]
    public async Task Errors_compare_equal_to_the_catalogue()
    {
        var client = Admin;
        await client.CreateKeyAsync("errors");
        Assert.True((await Assert.ThrowsAsync<KesClientException>(() => client.CreateKeyAsync("errors"))).Is(KesClientError.KeyExists));
        Assert.True((await Assert.ThrowsAsync<KesClientException>(() => client.DecryptAsync("errors", new byte[80]))).Is(KesClientError.DecryptionFailed));
        Assert.True((await Assert.ThrowsAsync<KesClientException>(() => client.GenerateKeyAsync("missing"))).Is(KesClientError.KeyNotFound));
        Assert.True((await Assert.ThrowsAsync<KesClientException>(() => client.DescribePolicyAsync("missing"))).Is(KesClientError.PolicyNotFound));
        Assert.True((await Assert.ThrowsAsync<KesClientException>(() => client.DescribeIdentityAsync(new string('f', 64)))).Is(KesClientError.IdentityNotFound));
        var invalid = await Assert.ThrowsAsync<KesClientException>(() => client.CreateKeyAsync("a.b"));
        Assert.Equal(new KesClientError(400, "key name 'a.b' is empty, too long or contains invalid characters"), invalid.Error);

        using var files = KesCredentials.FromFiles(fixture.FileEnvironment["KES_CLIENT_CERT"], fixture.FileEnvironment["KES_CLIENT_KEY"]);
        var member = Client(files);
        await member.CreateKeyAsync("secret-denied");
        Assert.True((await Assert.ThrowsAsync<KesClientException>(() => member.GenerateKeyAsync("secret-denied"))).Is(KesClientError.NotAllowed));
    }

    [Fact]
    public async Task Policy_and_identity_routes_describe_the_config()
    {
        var client = Admin;
        Assert.Equal(["app", "nothing"], (await client.ListPoliciesAsync("*")).Names);
        var info = await client.DescribePolicyAsync("app");
        Assert.Equal(("app", fixture.AdminKey.Identity.Value), (info.Name, info.CreatedBy));
        var policy = await client.GetPolicyAsync("app");
        Assert.Contains("/v1/key/*", policy.Allow);
        Assert.Equal(["/v1/key/decrypt/secret*", "/v1/key/generate/secret*"], policy.Deny);

        var admin = await client.DescribeIdentityAsync(fixture.AdminKey.Identity.Value);
        Assert.True(admin.IsAdmin);
        var member = await client.DescribeIdentityAsync(fixture.Server.Identities.AllowedIdentity.Value);
        Assert.Equal(("app", false), (member.Policy, member.IsAdmin));
        var identities = (await client.ListIdentitiesAsync(string.Empty)).Names;
        Assert.Contains(fixture.AdminKey.Identity.Value, identities);

        var self = await client.DescribeSelfAsync();
        Assert.Equal((fixture.AdminKey.Identity.Value, true, (PolicyDocument?)null), (self.Identity, self.IsAdmin, self.Policy));

        using var files = KesCredentials.FromFiles(fixture.FileEnvironment["KES_CLIENT_CERT"], fixture.FileEnvironment["KES_CLIENT_KEY"]);
        Assert.Equal(fixture.Server.Identities.AllowedIdentity, files.Identity);
        var memberSelf = await Client(files).DescribeSelfAsync();
        Assert.Equal("app", memberSelf.Policy!.Name);
        Assert.Contains("/v1/status", memberSelf.Policy.Allow);
    }

    [Fact]
    public async Task Log_streams_deliver_events_after_subscription()
    {
        var client = Admin;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var poking = 0;
        var pokingClient = Admin;
        using var poker = new Timer(_ => _ = pokingClient.CreateKeyAsync($"streamed-{Interlocked.Increment(ref poking)}").ContinueWith(static _ => { }, TaskScheduler.Default), null, 0, 200);
        await foreach (var record in client.AuditLogAsync(stop.Token))
        {
            if (record.Path.StartsWith("/v1/key/create/streamed-", StringComparison.Ordinal))
            {
                Assert.Equal(fixture.AdminKey.Identity.Value, record.Identity);
                Assert.Equal("127.0.0.1", record.ClientIP?.ToString());
                break;
            }
        }

        // The error stream is read by the RSA member over the platform stack, which negotiates HTTP/2.
        using var files = KesCredentials.FromFiles(fixture.FileEnvironment["KES_CLIENT_CERT"], fixture.FileEnvironment["KES_CLIENT_KEY"]);
        var member = fixture.Server.Client(fixture.Server.Identities.Allowed);
        using var errorPoker = new Timer(_ => _ = member.PostAsync("/v1/key/encrypt/x", new StringContent("junk", Encoding.UTF8)).ContinueWith(static _ => { }, TaskScheduler.Default), null, 0, 200);
        await foreach (var record in Client(files).ErrorLogAsync(stop.Token))
        {
            if (record.Message.Contains("/v1/key/encrypt/x", StringComparison.Ordinal))
            {
                Assert.Contains("level=ERROR", record.Message, StringComparison.Ordinal);
                break;
            }
        }
    }

    [Fact]
    public async Task Certificate_files_work_over_the_platform_stack_including_encrypted_pem()
    {
        var denied = fixture.Server.Identities.Denied;
        using var ecdsa = System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions.GetECDsaPrivateKey(denied)!;
        var certFile = Path.Combine(fixture.Directory, "ecdsa.crt");
        var keyFile = Path.Combine(fixture.Directory, "ecdsa.key");
        File.WriteAllText(certFile, denied.ExportCertificatePem());
        File.WriteAllBytes(keyFile, Kes.Credentials.Pem.LegacyPemEncryption.Encrypt("PRIVATE KEY", ecdsa.ExportPkcs8PrivateKey(), "pw"));

        var missing = Assert.Throws<Kes.Credentials.TlsLoadException>(() => KesCredentials.FromFiles(certFile, keyFile));
        Assert.Equal("private key is encrypted: password required", missing.Message);
        Assert.Equal("incorrect password", Assert.Throws<Kes.Credentials.TlsLoadException>(() => KesCredentials.FromFiles(certFile, keyFile, () => "wrong")).Message);

        using var credentials = KesCredentials.FromFiles(certFile, keyFile, () => "pw");
        Assert.Equal(fixture.Server.Identities.DeniedIdentity, credentials.Identity);
        var client = Client(credentials);
        await client.CreateKeyAsync("ecdsa-file-key");
        Assert.Equal(fixture.Server.Identities.DeniedIdentity.Value, (await client.DescribeKeyAsync("ecdsa-file-key")).CreatedBy);
    }

    [Fact]
    public async Task Server_certificates_are_verified_unless_insecure()
    {
        using var other = Server.TestCertificates.Server();
        var untrusted = new KesClient(new KesClientOptions { Endpoints = [fixture.Server.BaseAddress], Credentials = _credentials, TrustedRoots = [other] });
        _owned.Add(untrusted);
        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => untrusted.StatusAsync());
        Assert.Contains("x509: certificate signed by unknown authority", failure.Message, StringComparison.Ordinal);

        var insecure = new KesClient(new KesClientOptions { Endpoints = [fixture.Server.BaseAddress], Credentials = _credentials, InsecureSkipVerify = true });
        _owned.Add(insecure);
        await insecure.StatusAsync();

        var byName = new KesClient(new KesClientOptions { Endpoints = [new Uri($"https://localhost:{fixture.Server.BaseAddress.Port}")], Credentials = _credentials, TrustedRoots = [fixture.Server.ServerCertificate] });
        _owned.Add(byName);
        await byName.StatusAsync();

        using var files = KesCredentials.FromFiles(fixture.FileEnvironment["KES_CLIENT_CERT"], fixture.FileEnvironment["KES_CLIENT_KEY"]);
        var platformUntrusted = new KesClient(new KesClientOptions { Endpoints = [fixture.Server.BaseAddress], Credentials = files, TrustedRoots = [other] });
        _owned.Add(platformUntrusted);
        await Assert.ThrowsAsync<HttpRequestException>(() => platformUntrusted.StatusAsync());
    }

    private KesClient Client(KesCredentials credentials)
    {
        var client = new KesClient(new KesClientOptions { Endpoints = [fixture.Server.BaseAddress], Credentials = credentials, TrustedRoots = [fixture.Server.ServerCertificate] });
        _owned.Add(client);
        return client;
    }
}
