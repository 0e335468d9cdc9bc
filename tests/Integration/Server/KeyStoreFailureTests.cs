using System.Net;
using Kes.Domain.Errors;

namespace Kes.IntegrationTests.Server;

/// <summary>The keystore-error rows of docs/api.md §4.5: each route's exact 502/504, the cause in the error log only.</summary>
public sealed class KeyStoreFailureTests(KeyStoreFailureTests.BrokenStoreServer broken) : IClassFixture<KeyStoreFailureTests.BrokenStoreServer>
{
    private const string Cause = "disk on fire";
    private static readonly string Key32 = Convert.ToBase64String(new byte[32]);

    public static TheoryData<string, string, string?, int, string> Routes => new()
    {
        { "POST", "/v1/key/create/k", null, 502, "failed to create key" },
        { "POST", "/v1/key/import/k", $"{{\"key\":\"{Key32}\",\"cipher\":\"AES256\"}}", 502, "failed to create key" },
        { "GET", "/v1/key/describe/k", null, 502, "failed to read key" },
        { "GET", "/v1/key/list/k", null, 502, "failed to list keys" },
        { "GET", "/v1/key/list/", null, 502, "failed to list keys" },
        { "DELETE", "/v1/key/delete/k", null, 502, "failed to delete key" },
        { "POST", "/v1/key/generate/k", "{}", 502, "failed to read key" },
        { "POST", "/v1/key/generate/k", null, 502, "failed to read key" },
        { "POST", "/v1/key/encrypt/k", "{\"plaintext\":\"YQ==\"}", 502, "failed to read key" },
        { "POST", "/v1/key/decrypt/k", "{\"ciphertext\":\"YQ==\"}", 502, "failed to read key" },
        { "PUT", "/v1/key/hmac/k", "{\"message\":\"YQ==\"}", 502, "failed to read key" },
        { "POST", "/v1/key/bulk/decrypt/k", "[{\"ciphertext\":\"YQ==\"}]", 502, "failed to read key" },
        { "GET", "/v1/ready", null, 502, "key store is unavailable" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_failing_keystore_gets_the_routes_502_and_the_cause_goes_to_the_error_log_only(string method, string path, string? body, int status, string message)
    {
        var server = broken.Server;
        foreach (var version in new[] { HttpVersion.Version11, HttpVersion.Version20 })
        {
            var client = server.Admin(version);
            var response = await client.SendAsync(method, path, body is null ? null : KesHttp.Json(body));
            await Reply.ErrorAsync(response, status, message);
        }

        Assert.Contains($"level=ERROR msg=\"{Cause}\"", server.Stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Cause, server.StdoutNow(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_keystore_makes_ready_504_and_status_report_it()
    {
        await using var server = await KesTestServer.StartAsync(store: new FailingKeyStore(() => new KeyStoreUnreachableException("connection refused")));
        var client = server.Admin();
        await Reply.ErrorAsync(await client.GetAsync("/v1/ready"), 504, "key store is not reachable");
        var status = await Reply.JsonAsync(await client.GetAsync("/v1/status"));
        Assert.True(status.GetProperty("keystore_unreachable").GetBoolean());
        Assert.False(status.TryGetProperty("keystore_latency", out _));
        Assert.False(status.TryGetProperty("keystore_unavailable", out _));
    }

    [Fact]
    public async Task Any_keystore_error_makes_status_report_keystore_unreachable()
    {
        var status = await Reply.JsonAsync(await broken.Server.Admin().GetAsync("/v1/status"));
        Assert.Equal("keystore_unreachable", Reply.FieldOrder(status)[^1]);
        Assert.True(status.GetProperty("keystore_unreachable").GetBoolean());
    }

    [Fact]
    public async Task Name_and_body_errors_come_before_the_keystore_is_asked()
    {
        var client = broken.Server.Admin();
        await Reply.ErrorAsync(await client.SendAsync("POST", "/v1/key/encrypt/a.b", "{}"), 400, "key name 'a.b' is empty, too long or contains invalid characters");
        await Reply.ErrorAsync(await client.SendAsync("POST", "/v1/key/encrypt/k", string.Empty), 400, "invalid request body");
        await Reply.ErrorAsync(await client.SendAsync("GET", "/v1/key/list/a-"), 400, "listing pattern 'a-' is empty, too long or is invalid");
        await Reply.ErrorAsync(await client.SendAsync("POST", "/v1/key/import/k", "{\"cipher\":\"x\"}"), 406, "algorithm 'x' is not supported");
    }

    /// <summary>A server whose keystore fails every call with <see cref="IOException"/>.</summary>
    public sealed class BrokenStoreServer : IAsyncLifetime
    {
        /// <summary>The running server.</summary>
        public KesTestServer Server { get; private set; } = null!;

        /// <inheritdoc />
        public async Task InitializeAsync() => Server = await KesTestServer.StartAsync(store: new FailingKeyStore(() => new IOException(Cause)));

        /// <inheritdoc />
        public async Task DisposeAsync() => await Server.DisposeAsync();
    }
}
