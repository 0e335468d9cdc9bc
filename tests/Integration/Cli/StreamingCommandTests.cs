using System.Text;
using System.Text.Json;
using Kes.IntegrationTests.Client;

namespace Kes.IntegrationTests.Cli;

public sealed class StreamingCommandTests(ApiKeyServer fixture) : IClassFixture<ApiKeyServer>
{
    private Task<CliResult> Kes(params string[] args) => CliRunner.RunAsync(fixture.ApiKeyEnvironment, args);

    [Fact]
    public async Task Log_json_copies_the_raw_audit_stream()
    {
        using var stop = new CancellationTokenSource();
        var (run, output, _) = CliRunner.Start(fixture.ApiKeyEnvironment, stop.Token, "log", "--json", "-k");
        var poked = 0;
        var text = await CliRunner.WaitForAsync(output, t => t.Contains("/v1/key/create/audited-json-", StringComparison.Ordinal), run, () => Kes("key", "create", $"audited-json-{poked++}", "-k"));
        await stop.CancelAsync();
        Assert.Equal(0, await run);

        var line = text.Split('\n').First(l => l.Contains("audited-json", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(line);
        Assert.Equal(200, json.RootElement.GetProperty("response").GetProperty("code").GetInt32());
        Assert.Equal(fixture.AdminKey.Identity.Value, json.RootElement.GetProperty("request").GetProperty("identity").GetString());
    }

    [Fact]
    public async Task Log_prints_an_audit_table()
    {
        using var stop = new CancellationTokenSource();
        var (run, output, _) = CliRunner.Start(fixture.ApiKeyEnvironment, stop.Token, "log", "-k");
        var poked = 0;
        var text = await CliRunner.WaitForAsync(output, t => t.Contains("/v1/key/create/audited-table-", StringComparison.Ordinal), run, () => Kes("key", "create", $"audited-table-{poked++}", "-k"));
        Assert.StartsWith("Time        Status    Identity                IP                 API                               Latency\n", text, StringComparison.Ordinal);
        await stop.CancelAsync();
        Assert.Equal(0, await run);

        var row = text.Split('\n').First(l => l.Contains("audited-table", StringComparison.Ordinal));
        Assert.Matches(@"^\d{2}:\d{2}:\d{2}    200       ", row);
        Assert.Contains(fixture.AdminKey.Identity.Value[..20] + "    127.0.0.1", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_error_prints_each_message()
    {
        using var stop = new CancellationTokenSource();
        var (run, output, _) = CliRunner.Start(fixture.ApiKeyEnvironment, stop.Token, "log", "--error", "-k");
        var client = fixture.Server.Client(fixture.Server.Identities.Allowed);
        var text = await CliRunner.WaitForAsync(output, t => t.Contains("/v1/key/encrypt/any", StringComparison.Ordinal), run, async () =>
        {
            using var content = new StringContent("not json", Encoding.UTF8);
            using var response = await client.PostAsync("/v1/key/encrypt/any", content);
        });
        await stop.CancelAsync();
        Assert.Equal(0, await run);
        Assert.Contains("level=ERROR", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metric_prints_one_json_object_per_scrape()
    {
        using var stop = new CancellationTokenSource();
        var (run, output, _) = CliRunner.Start(fixture.ApiKeyEnvironment, stop.Token, "metric", "--rate", "50ms", "-k");
        var text = await CliRunner.WaitForAsync(output, t => t.Split('\n').Length > 2, run);
        await stop.CancelAsync();
        Assert.Equal(0, await run);

        using var json = JsonDocument.Parse(text.Split('\n')[0]);
        var root = json.RootElement;
        Assert.Equal(
            ["kes_http_request_success", "kes_http_request_error", "kes_http_request_failure", "kes_http_request_active", "kes_log_audit_events", "kes_log_error_events", "kes_http_response_time", "kes_system_up_time", "kes_system_num_cpu", "kes_system_num_cpu_used", "kes_system_num_threads", "kes_system_mem_heap_used", "kes_system_mem_heap_objects", "kes_system_mem_stack_used"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.True(root.GetProperty("kes_system_num_cpu").GetInt32() > 0);
        Assert.True(root.GetProperty("kes_system_up_time").GetInt64() > 0);
        if (root.GetProperty("kes_http_response_time").EnumerateObject().Any())
        {
            Assert.True(root.GetProperty("kes_http_response_time").TryGetProperty("10000000", out _));
        }
    }

    [Fact]
    public async Task Status_json_reencodes_the_state_and_the_text_names_the_endpoint()
    {
        var result = await Kes("status", "--json", "-k");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal(["version", "os", "arch", "uptime", "num_cpu", "num_cpu_used", "mem_heap_used", "mem_stack_used", "keystore_latency"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Environment.ProcessorCount, root.GetProperty("num_cpu").GetInt32());
        Assert.True(root.GetProperty("keystore_latency").GetInt64() >= 1);

        var text = await Kes("status", "-k");
        Assert.StartsWith("● " + fixture.Endpoint + "\n", text.Out, StringComparison.Ordinal);
        Assert.Contains("  Version", text.Out, StringComparison.Ordinal);
        Assert.Matches("· Heap +([0-9]+B|[0-9]+\\.[0-9](KB|MB|GB))\n", text.Out);

        Assert.Equal("● " + fixture.Endpoint + "\n", (await Kes("status", "-s", "-k")).Out);
    }

    [Fact]
    public async Task Status_api_lists_the_routes()
    {
        var json = await Kes("status", "--api", "--json", "-k");
        using var routes = JsonDocument.Parse(json.Out);
        var create = routes.RootElement.EnumerateArray().Single(r => r.GetProperty("path").GetString() == "/v1/key/create/");
        Assert.Equal("PUT", create.GetProperty("method").GetString());
        Assert.Equal(15, create.GetProperty("timeout").GetInt32());

        var text = await Kes("status", "--api", "-k");
        Assert.Matches(@"\n  GET     /v1/log/audit                     Inf\n", text.Out);
    }
}
