using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Kes.IntegrationTests.Server;

/// <summary>The log streams (docs/api.md §10, docs/COMPATIBILITY.md D1, D1b): headers at once, ndjson events after subscription, every request audited, no secrets anywhere.</summary>
public sealed class LogStreamTests
{
    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task Audit_stream_sends_headers_at_once_then_a_record_per_request(string version)
    {
        await using var server = await KesTestServer.StartAsync();
        var admin = server.Admin(Version.Parse(version));
        await admin.PostAsync("/v1/key/create/before", null);
        await using var stream = await LogSubscription.OpenAsync(server.Admin(Version.Parse(version)), "/v1/log/audit");
        Assert.Equal("application/x-ndjson", Reply.ContentType(stream.Response));
        Assert.Null(stream.Response.Content.Headers.ContentLength);
        if (version == "1.1")
        {
            Assert.True(stream.Response.Headers.TransferEncodingChunked);
        }

        var started = Stopwatch.GetTimestamp();
        await admin.PostAsync("/v1/key/create/after", null);
        var clientMilliseconds = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var created = await stream.NextMatchingAsync(l => l.Contains("/v1/key/create/after", StringComparison.Ordinal));
        using var record = JsonDocument.Parse(created);
        var root = record.RootElement;
        Assert.Equal(["time", "request", "response"], Reply.FieldOrder(root));
        Assert.Equal(["ip", "path", "identity"], Reply.FieldOrder(root.GetProperty("request")));
        Assert.Equal(["code", "time"], Reply.FieldOrder(root.GetProperty("response")));
        Assert.EndsWith("Z", root.GetProperty("time").GetString(), StringComparison.Ordinal);
        Assert.True(IPAddress.TryParse(root.GetProperty("request").GetProperty("ip").GetString(), out _));
        Assert.Equal(server.Identities.AdminIdentity.Value, root.GetProperty("request").GetProperty("identity").GetString());
        Assert.Equal(200, root.GetProperty("response").GetProperty("code").GetInt32());
        Assert.InRange(root.GetProperty("response").GetProperty("time").GetInt64(), 0, clientMilliseconds);

        await server.Client(server.Identities.Unknown).GetAsync("/v1/key/describe/after");
        var denied = await stream.NextMatchingAsync(l => l.Contains("/v1/key/describe/after", StringComparison.Ordinal));
        Assert.Contains($"\"identity\":\"{TestCertificates.IdentityOf(server.Identities.Unknown).Value}\"", denied, StringComparison.Ordinal);
        Assert.Contains("\"code\":403", denied, StringComparison.Ordinal);

        await admin.GetAsync("/v1/key/describe/nothing-here");
        var missing = await stream.NextMatchingAsync(l => l.Contains("/v1/key/describe/nothing-here", StringComparison.Ordinal));
        Assert.Contains("\"code\":404", missing, StringComparison.Ordinal);
        Assert.DoesNotContain(stream.Lines, l => l.Contains("/v1/key/create/before", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Error_stream_sends_each_error_record_as_a_message_line()
    {
        await using var server = await KesTestServer.StartAsync();
        var admin = server.Admin();
        await admin.PostAsync("/v1/key/create/err", null);
        await using var stream = await LogSubscription.OpenAsync(server.Admin(), "/v1/log/error");
        Assert.Equal("application/x-ndjson", Reply.ContentType(stream.Response));
        await admin.GetAsync("/v1/key/describe/not-logged");
        await admin.SendAsync("PUT", "/v1/key/encrypt/err", string.Empty);
        var line = await stream.NextMatchingAsync(_ => true);
        using var record = JsonDocument.Parse(line);
        Assert.Equal(["message"], Reply.FieldOrder(record.RootElement));
        var message = record.RootElement.GetProperty("message").GetString()!;
        Assert.StartsWith("time=", message, StringComparison.Ordinal);
        Assert.Contains(
            $" level=ERROR msg=EOF req.method=PUT req.path=/v1/key/encrypt/err req.ip=127.0.0.1 req.identity={server.Identities.AdminIdentity.Value}",
            message,
            StringComparison.Ordinal);
        Assert.EndsWith("}", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_mistakes_other_than_undecodable_bodies_are_not_logged_as_errors()
    {
        await using var server = await KesTestServer.StartAsync();
        var admin = server.Admin();
        await admin.PostAsync("/v1/key/create/quiet", null);
        await admin.PostAsync("/v1/key/create/quiet", null);
        await admin.GetAsync("/v1/key/describe/absent");
        await admin.GetAsync("/v1/key/describe/a.b");
        await admin.GetAsync("/v1/key/list/a-");
        await admin.SendAsync("POST", "/v1/key/decrypt/quiet", "{\"ciphertext\":\"AAAA\"}");
        await admin.SendAsync("POST", "/v1/key/import/quiet-2", "{\"cipher\":\"nope\"}");
        await admin.GetAsync("/v1/policy/describe/absent");
        await admin.GetAsync("/v1/identity/describe/absent");
        await server.Client(server.Identities.Unknown).GetAsync("/v1/status");
        await admin.GetAsync("/v1/key/create/quiet");
        await admin.GetAsync("/v1/nothing");
        Assert.Equal(string.Empty, server.Stderr.ToString());
    }

    [Fact]
    public async Task Events_written_to_subscribers_are_counted_in_the_metrics()
    {
        await using var server = await KesTestServer.StartAsync();
        var admin = server.Admin();
        await using var audit = await LogSubscription.OpenAsync(server.Admin(), "/v1/log/audit");
        await using var errors = await LogSubscription.OpenAsync(server.Admin(), "/v1/log/error");
        await admin.SendAsync("PUT", "/v1/key/hmac/k", string.Empty);
        await audit.NextMatchingAsync(l => l.Contains("/v1/key/hmac/k", StringComparison.Ordinal));
        await errors.NextMatchingAsync(l => l.Contains("/v1/key/hmac/k", StringComparison.Ordinal));
        for (var attempt = 0; ; attempt++)
        {
            var text = await (await admin.GetAsync("/v1/metrics")).Content.ReadAsStringAsync();
            var auditEvents = Sample(text, "kes_log_audit_events");
            var errorEvents = Sample(text, "kes_log_error_events");
            if ((auditEvents >= 1 && errorEvents >= 1) || attempt == 50)
            {
                Assert.True(auditEvents >= 1, text);
                Assert.True(errorEvents >= 1, text);
                break;
            }

            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Streams_need_authorization()
    {
        await using var server = await KesTestServer.StartAsync();
        var unknown = server.Client(server.Identities.Unknown);
        await Reply.ErrorAsync(await unknown.GetAsync("/v1/log/audit"), 403, "not authorized: insufficient permissions");
        await Reply.ErrorAsync(await unknown.GetAsync("/v1/log/error"), 403, "not authorized: insufficient permissions");
        await using var allowed = await LogSubscription.OpenAsync(server.Client(server.Identities.Allowed), "/v1/log/audit");
    }

    [Fact]
    public async Task The_console_audit_record_names_the_event_the_caller_and_the_outcome()
    {
        await using var server = await KesTestServer.StartAsync();
        var admin = server.Admin();
        await admin.PostAsync("/v1/key/create/console", null);
        await admin.DeleteAsync("/v1/key/delete/console");
        await admin.GetAsync("/v1/key/describe/console");
        // Records reach the console in batches, within milliseconds of their request (docs/config.md §4.7).
        var stdout = server.Stdout.ToString();
        for (var waited = 0; !stdout.Contains("req.path=/v1/key/describe/console", StringComparison.Ordinal); waited += 10)
        {
            Assert.True(waited < 10_000, "the last request's record never reached the console");
            await Task.Delay(10);
            stdout = server.Stdout.ToString();
        }

        var identity = server.Identities.AdminIdentity.Value;
        Assert.Contains($"level=INFO msg=\"secret key 'console' created\" req.method=POST req.path=/v1/key/create/console req.ip=127.0.0.1 req.identity={identity} res.code=200 res.time=", stdout, StringComparison.Ordinal);
        Assert.Contains($"level=INFO msg=\"secret key 'console' deleted\" req.method=DELETE req.path=/v1/key/delete/console req.ip=127.0.0.1 req.identity={identity} res.code=200 res.time=", stdout, StringComparison.Ordinal);
        Assert.Contains("req.path=/v1/key/describe/console req.ip=127.0.0.1 req.identity=" + identity + " res.code=404", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_plaintext_data_key_imported_key_or_body_ever_reaches_a_log()
    {
        await using var server = await KesTestServer.StartAsync();
        var admin = server.Admin();
        await using var audit = await LogSubscription.OpenAsync(server.Admin(), "/v1/log/audit");
        await using var errors = await LogSubscription.OpenAsync(server.Admin(), "/v1/log/error");

        var secrets = new List<string>();
        string Secret(int size)
        {
            var bytes = new byte[size];
            Random.Shared.NextBytes(bytes);
            var text = Convert.ToBase64String(bytes);
            secrets.Add(text);
            secrets.Add(Convert.ToHexString(bytes));
            secrets.Add(Convert.ToHexString(bytes).ToLowerInvariant());
            return text;
        }

        var imported = Secret(32);
        await Reply.EmptyAsync(await admin.SendAsync("POST", "/v1/key/import/logged", $"{{\"key\":\"{imported}\",\"cipher\":\"AES256\"}}"));
        await admin.SendAsync("POST", "/v1/key/import/logged", $"{{\"key\":\"{imported}\",\"cipher\":\"AES256\"}}");
        await admin.SendAsync("POST", "/v1/key/import/logged-bad", $"{{\"key\":\"{imported}\",\"cipher\":7}}");
        var plaintext = Secret(48);
        var sealedText = await Reply.JsonAsync(await admin.SendAsync("POST", "/v1/key/encrypt/logged", $"{{\"plaintext\":\"{plaintext}\",\"context\":\"Y3R4\"}}"));
        await admin.SendAsync("POST", "/v1/key/encrypt/logged", $"{{\"plaintext\":\"{Secret(20)}\",\"context\":5}}");
        await admin.SendAsync("POST", "/v1/key/encrypt/logged", $"{{\"plaintext\":\"{Secret(20)}!\"}}");
        await admin.SendAsync("POST", "/v1/key/encrypt/logged", $"{{\"plaintext\":\"{Secret(20)}\"");
        var opened = await Reply.JsonAsync(await admin.SendAsync("POST", "/v1/key/decrypt/logged", $"{{\"ciphertext\":\"{sealedText.GetProperty("ciphertext").GetString()}\",\"context\":\"Y3R4\"}}"));
        Assert.Equal(plaintext, opened.GetProperty("plaintext").GetString());
        var dek = await Reply.JsonAsync(await admin.SendAsync("POST", "/v1/key/generate/logged", "{}"));
        var dekText = dek.GetProperty("plaintext").GetString()!;
        secrets.Add(dekText);
        secrets.Add(Convert.ToHexString(Convert.FromBase64String(dekText)).ToLowerInvariant());
        await admin.SendAsync("PUT", "/v1/key/hmac/logged", $"{{\"message\":\"{Secret(16)}\"}}");
        await admin.SendAsync("POST", "/v1/key/bulk/decrypt/logged", $"[{{\"ciphertext\":\"{sealedText.GetProperty("ciphertext").GetString()}\",\"context\":\"Y3R4\"}},{{\"ciphertext\":\"{Secret(60)}\"}}]");
        await admin.SendAsync("POST", "/v1/key/create/end-marker");
        await admin.SendAsync("PUT", "/v1/key/hmac/end-marker", string.Empty);
        await audit.NextMatchingAsync(l => l.Contains("/v1/key/hmac/end-marker", StringComparison.Ordinal));
        await errors.NextMatchingAsync(l => l.Contains("/v1/key/hmac/end-marker", StringComparison.Ordinal));

        var everything = string.Join('\n', server.StdoutNow(), server.Stderr.ToString(), string.Join('\n', audit.Lines), string.Join('\n', errors.Lines));
        Assert.Contains("/v1/key/generate/logged", everything, StringComparison.Ordinal);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }

    private static long Sample(string exposition, string name)
    {
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(name + " ", StringComparison.Ordinal))
            {
                return long.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }
}
