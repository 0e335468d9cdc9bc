using System.Diagnostics;
using System.Globalization;

namespace Kes.IntegrationTests.Server;

/// <summary><c>/v1/metrics</c> (docs/api.md §9): the families, their HELP texts and order, and what is counted.</summary>
public sealed class MetricsTests
{
    private const string ContentType = "text/plain; version=0.0.4; charset=utf-8; escaping=underscores";

    private static readonly string[] PromtoolPaths = ["/usr/bin/promtool", "/usr/local/bin/promtool"];

    private static readonly Dictionary<string, (string Type, string Help)> Families = new()
    {
        ["kes_http_request_success"] = ("counter", "Number of requests that have been served successfully."),
        ["kes_http_request_error"] = ("counter", "Number of request that failed due to some error. (HTTP 4xx status code)"),
        ["kes_http_request_failure"] = ("counter", "Number of request that failed due to some internal failure. (HTTP 5xx status code)"),
        ["kes_http_request_active"] = ("gauge", "Number of active requests that are not finished, yet."),
        ["kes_http_response_time"] = ("histogram", "Histogram of request response times spawning from 10ms to 10s."),
        ["kes_log_error_events"] = ("counter", "Number of error log events written to the error log targets."),
        ["kes_log_audit_events"] = ("counter", "Number of audit log events written to the audit log targets."),
        ["kes_system_up_time"] = ("gauge", "The time the server has been up and running in seconds."),
        ["kes_system_num_cpu"] = ("gauge", "The number of logical CPUs available on the system. It may be larger than the number of usable CPUs."),
        ["kes_system_num_cpu_used"] = ("gauge", "The number of logical CPUs usable by the server. It may be smaller than the number of available CPUs."),
        ["kes_system_num_threads"] = ("gauge", "The number of concurrent co-routines/threads that currently exists."),
        ["kes_system_mem_heap_used"] = ("gauge", "The number of bytes that are currently allocated on the heap memory."),
        ["kes_system_mem_heap_objects"] = ("gauge", "The number of objects that are currently allocated on the heap memory."),
        ["kes_system_mem_stack_used"] = ("gauge", "The bytes of stack memory obtained from the OS."),

        // Our own single-sample families (kms-go ignores unknown single-sample families): the load tool reads them.
        ["kes_keystore_reads_total"] = ("counter", "Number of keys the cache read from the keystore (one per key per cache period)."),
        ["kes_runtime_allocated_bytes_total"] = ("counter", "Bytes the .NET runtime has allocated on the managed heap since the server started."),
        ["kes_http_held_buffer_bytes"] = ("gauge", "Bytes of connection buffers held for clients: request data not yet read and answers not yet sent."),
        ["kes_http_held_buffer_refused_total"] = ("counter", "Number of requests refused because the connection buffers held for clients were at their limit."),
    };

    private static readonly string[] Ours = ["kes_http_held_buffer_bytes", "kes_http_held_buffer_refused_total", "kes_keystore_reads_total", "kes_runtime_allocated_bytes_total"];

    [Fact]
    public async Task Only_authorized_requests_to_routes_6_to_20_are_counted()
    {
        await using var server = await KesTestServer.StartAsync();
        var admin = server.Admin();
        var unknown = server.Client(server.Identities.Unknown);

        // Not counted: unmetered routes, authentication failures, 405s and the router's own replies.
        foreach (var path in new[] { "/version", "/v1/status", "/v1/api", "/v1/ready", "/v1/metrics", "/v1/nothing", "/v1/key/list", "//v1/status" })
        {
            await admin.SendAsync("GET", path);
        }

        await unknown.GetAsync("/v1/key/describe/k");
        await unknown.PostAsync("/v1/key/create/k", null);
        await admin.GetAsync("/v1/key/create/k");
        var before = Parse(await MetricsAsync(admin));
        Assert.Equal("0", before.Samples["kes_http_response_time_count"]);
        Assert.DoesNotContain("kes_http_request_success", before.Order);
        Assert.DoesNotContain("kes_http_request_error", before.Order);

        // Counted: create 200, describe 404, create 400, self-describe 200, policy list 200.
        await admin.PostAsync("/v1/key/create/k", null);
        await admin.GetAsync("/v1/key/describe/missing");
        await admin.PostAsync("/v1/key/create/a.b", null);
        await admin.GetAsync("/v1/identity/self/describe");
        await admin.GetAsync("/v1/policy/list/");
        var after = Parse(await MetricsAsync(admin));
        Assert.Equal("3", after.Samples["kes_http_request_success{code=\"200\"}"]);
        Assert.Equal("1", after.Samples["kes_http_request_error{code=\"400\"}"]);
        Assert.Equal("1", after.Samples["kes_http_request_error{code=\"404\"}"]);
        Assert.DoesNotContain("kes_http_request_failure", after.Order);
        Assert.Equal("5", after.Samples["kes_http_response_time_count"]);
        Assert.Equal("5", after.Samples["kes_http_response_time_bucket{le=\"+Inf\"}"]);
        Assert.Equal("0", after.Samples["kes_http_request_active"]);
    }

    [Fact]
    public async Task The_exposition_has_every_family_sorted_with_upstream_help_texts_and_one_sample_each()
    {
        await using var server = await KesTestServer.StartAsync(store: new FailingKeyStore(() => new IOException("down")));
        var admin = server.Admin();
        var started = Stopwatch.GetTimestamp();
        await admin.PostAsync("/v1/key/create/k", null);
        await admin.PostAsync("/v1/key/create/-", null);
        await admin.GetAsync("/v1/policy/list/*");
        var clientSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var response = await admin.GetAsync("/v1/metrics");
        Assert.Equal(ContentType, Reply.ContentType(response));
        var metrics = Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(Families.Keys.Order(StringComparer.Ordinal), metrics.Order);
        foreach (var (name, (type, help)) in Families)
        {
            Assert.Equal(help, metrics.Help[name]);
            Assert.Equal(type, metrics.Types[name]);
        }

        Assert.Equal("1", metrics.Samples["kes_http_request_failure{code=\"502\"}"]);
        Assert.Equal("1", metrics.Samples["kes_http_request_error{code=\"400\"}"]);
        Assert.Equal("1", metrics.Samples["kes_http_request_success{code=\"200\"}"]);
        string[] bounds = ["0.01", "0.05", "0.1", "0.25", "0.5", "1", "1.5", "3", "5", "10", "+Inf"];
        var previous = 0L;
        foreach (var bound in bounds)
        {
            var count = long.Parse(metrics.Samples[$"kes_http_response_time_bucket{{le=\"{bound}\"}}"], CultureInfo.InvariantCulture);
            Assert.True(count >= previous, $"bucket {bound} is not cumulative");
            previous = count;
        }

        Assert.Equal(3, previous);
        // The server timed three real requests, in seconds, inside the time the client waited for them.
        Assert.InRange(double.Parse(metrics.Samples["kes_http_response_time_sum"], CultureInfo.InvariantCulture), double.Epsilon, clientSeconds);
        foreach (var single in Families.Keys.Where(n => !n.StartsWith("kes_http_request_", StringComparison.Ordinal) || n == "kes_http_request_active"))
        {
            if (single != "kes_http_response_time")
            {
                Assert.Single(metrics.Samples.Keys, k => k == single);
            }
        }

        Assert.True(double.Parse(metrics.Samples["kes_system_mem_heap_objects"], CultureInfo.InvariantCulture) > 0);
        Assert.True(double.Parse(metrics.Samples["kes_system_mem_stack_used"], CultureInfo.InvariantCulture) > 0);
        Assert.Equal(Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), metrics.Samples["kes_system_num_cpu"]);
        var upTime = metrics.Samples["kes_system_up_time"];
        Assert.True(upTime.IndexOf('.', StringComparison.Ordinal) < 0 || upTime.Length - upTime.IndexOf('.', StringComparison.Ordinal) <= 3, upTime);
    }

    [Fact]
    public async Task Every_counter_of_ours_ends_in_total_as_the_Prometheus_naming_rules_ask()
    {
        await using var server = await KesTestServer.StartAsync();
        var metrics = Parse(await MetricsAsync(server.Admin()));

        var ours = metrics.Order.Where(name => !UpstreamFamilies.Contains(name)).ToArray();

        Assert.Equal(Ours, ours);
        Assert.All(ours.Where(name => metrics.Types[name] == "counter"), name => Assert.EndsWith("_total", name, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Promtool_finds_nothing_to_lint_in_our_own_families()
    {
        var promtool = PromtoolPaths.FirstOrDefault(File.Exists);
        Skip.If(promtool is null, "promtool is not installed (Debian: apt-get install prometheus)");
        await using var server = await KesTestServer.StartAsync();
        var exposition = await MetricsAsync(server.Admin());

        var start = new System.Diagnostics.ProcessStartInfo(promtool!, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        // Upstream's own counters lack the suffix too; their names are part of the protocol and stay.
        var problems = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("kes_", StringComparison.Ordinal))
            .ToArray();
        Assert.NotEmpty(problems);
        Assert.All(problems, line => Assert.Contains(line.Split(' ')[0], UpstreamFamilies));
    }

    [Fact]
    public async Task Metrics_needs_authorization()
    {
        await using var server = await KesTestServer.StartAsync();
        await Reply.ErrorAsync(await server.Client(server.Identities.Unknown).GetAsync("/v1/metrics"), 403, "not authorized: insufficient permissions");
        var allowed = await server.Client(server.Identities.Allowed).GetAsync("/v1/metrics");
        Assert.Equal(200, (int)allowed.StatusCode);
    }

    private static HashSet<string> UpstreamFamilies =>
        [.. Families.Keys.Except(Ours)];

    private static async Task<string> MetricsAsync(HttpClient client)
    {
        var response = await client.GetAsync("/v1/metrics");
        Assert.Equal(200, (int)response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static Exposition Parse(string text)
    {
        var exposition = new Exposition();
        string? family = null;
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var rest = line["# HELP ".Length..];
                family = rest[..rest.IndexOf(' ', StringComparison.Ordinal)];
                exposition.Order.Add(family);
                exposition.Help[family] = rest[(family.Length + 1)..];
            }
            else if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var rest = line["# TYPE ".Length..].Split(' ');
                Assert.Equal(family, rest[0]);
                exposition.Types[rest[0]] = rest[1];
            }
            else
            {
                var space = line.LastIndexOf(' ');
                var sample = line[..space];
                Assert.StartsWith(family!, sample, StringComparison.Ordinal);
                Assert.True(exposition.Samples.TryAdd(sample, line[(space + 1)..]), "duplicate sample " + sample);
            }
        }

        return exposition;
    }

    private sealed class Exposition
    {
        public List<string> Order { get; } = [];

        public Dictionary<string, string> Help { get; } = [];

        public Dictionary<string, string> Types { get; } = [];

        public Dictionary<string, string> Samples { get; } = [];
    }
}
