using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Kes.Api.Hosting;

namespace Kes.IntegrationTests.Server;

/// <summary><c>/version</c>, <c>/v1/ready</c>, <c>/v1/status</c> and <c>/v1/api</c> (docs/api.md §7.1–7.5, docs/COMPATIBILITY.md D8, D10).</summary>
public sealed class StatusRouteTests(SharedServer shared) : IClassFixture<SharedServer>
{
    /// <summary>Every route sorted by path, as <c>/v1/api</c> must list it: method, path, max_body, timeout.</summary>
    private static readonly (string Method, string Path, long MaxBody, int Timeout)[] Api =
    [
        ("GET", "/v1/api", 0, 10),
        ("GET", "/v1/identity/describe/", 0, 15),
        ("GET", "/v1/identity/list/", 0, 15),
        ("GET", "/v1/identity/self/describe", 0, 15),
        ("PUT", "/v1/key/bulk/decrypt/", 1 << 20, 15),
        ("PUT", "/v1/key/create/", 0, 15),
        ("PUT", "/v1/key/decrypt/", 1_000_000, 15),
        ("DELETE", "/v1/key/delete/", 0, 15),
        ("GET", "/v1/key/describe/", 0, 15),
        ("PUT", "/v1/key/encrypt/", 1_000_000, 15),
        ("PUT", "/v1/key/generate/", 1_000_000, 15),
        ("PUT", "/v1/key/hmac/", 1_000_000, 15),
        ("PUT", "/v1/key/import/", 1_000_000, 15),
        ("GET", "/v1/key/list/", 0, 15),
        ("GET", "/v1/log/audit", 0, 0),
        ("GET", "/v1/log/error", 0, 0),
        ("GET", "/v1/metrics", 0, 15),
        ("GET", "/v1/policy/describe/", 0, 15),
        ("GET", "/v1/policy/list/", 0, 15),
        ("GET", "/v1/policy/read/", 0, 15),
        ("GET", "/v1/ready", 0, 15),
        ("GET", "/v1/status", 0, 15),
        ("GET", "/version", 0, 10),
    ];

    private KesTestServer Server => shared.Server;

    [Fact]
    public async Task Version_answers_version_and_commit_to_any_client_certificate()
    {
        var text = await Reply.JsonTextAsync(await Server.Client(Server.Identities.Unknown).GetAsync("/version"));
        var json = System.Text.Json.JsonDocument.Parse(text).RootElement;
        Assert.Equal(["version", "commit"], Reply.FieldOrder(json));
        Assert.False(string.IsNullOrEmpty(json.GetProperty("version").GetString()));
        Assert.False(string.IsNullOrEmpty(json.GetProperty("commit").GetString()));
    }

    [Fact]
    public async Task Ready_answers_an_empty_200()
    {
        await Reply.EmptyAsync(await Server.Admin().GetAsync("/v1/ready"));
        await Reply.EmptyAsync(await Server.Client(Server.Identities.Allowed).GetAsync("/v1/ready"));
    }

    [Fact]
    public async Task Status_answers_every_field_in_upstream_order()
    {
        var client = Server.Admin();
        var json = await Reply.JsonAsync(await client.GetAsync("/v1/status"));
        Assert.Equal(["version", "os", "arch", "uptime", "num_cpu", "num_cpu_used", "mem_heap_used", "mem_stack_used", "keystore_latency"], Reply.FieldOrder(json));
        var version = await Reply.JsonAsync(await client.GetAsync("/version"));
        Assert.Equal(version.GetProperty("version").GetString(), json.GetProperty("version").GetString());
        Assert.Equal(OperatingSystem.IsLinux() ? "linux" : json.GetProperty("os").GetString(), json.GetProperty("os").GetString());
        var arch = RuntimeInformation.ProcessArchitecture switch { Architecture.X64 => "amd64", Architecture.Arm64 => "arm64", _ => json.GetProperty("arch").GetString() };
        Assert.Equal(arch, json.GetProperty("arch").GetString());
        // The server runs inside this test process, so its uptime (whole seconds) cannot exceed the process's age.
        using var process = Process.GetCurrentProcess();
        Assert.InRange(json.GetProperty("uptime").GetInt64(), 0, (long)Math.Ceiling((DateTime.Now - process.StartTime).TotalSeconds));
        Assert.Equal(Environment.ProcessorCount, json.GetProperty("num_cpu").GetInt32());
        Assert.Equal(Environment.ProcessorCount, json.GetProperty("num_cpu_used").GetInt32());
        Assert.True(json.GetProperty("mem_heap_used").GetInt64() > 0);
        Assert.True(json.GetProperty("mem_stack_used").GetInt64() > 0);
        Assert.True(json.GetProperty("keystore_latency").GetInt64() >= 1);
    }

    [Fact]
    public async Task Api_lists_all_23_routes_sorted_by_path_with_limits_and_timeouts()
    {
        var text = await Reply.JsonTextAsync(await Server.Admin().GetAsync("/v1/api"));
        Assert.Equal(Expected(Api), text);
    }

    [Fact]
    public async Task Api_reflects_timeout_overrides()
    {
        var overrides = new Dictionary<string, RouteOverride>
        {
            ["/v1/key/list/"] = new(false, TimeSpan.FromSeconds(3)),
            ["/v1/status"] = new(false, TimeSpan.FromMilliseconds(2500)),
            ["/v1/log/audit"] = new(false, TimeSpan.FromMinutes(2)),
            ["/v1/key/create/"] = new(false, TimeSpan.Zero),
            ["/v1/not/a/route"] = new(false, TimeSpan.FromSeconds(1)),
        };
        await using var server = await KesTestServer.StartAsync(s => s with { RouteOverrides = overrides });
        var changed = Api.Select(r => r.Path switch
        {
            "/v1/key/list/" => r with { Timeout = 3 },
            "/v1/status" => r with { Timeout = 2 },
            "/v1/log/audit" => r with { Timeout = 120 },
            _ => r,
        }).ToArray();
        Assert.Equal(Expected(changed), await Reply.JsonTextAsync(await server.Admin().GetAsync("/v1/api")));
    }

    private static string Expected(IEnumerable<(string Method, string Path, long MaxBody, int Timeout)> routes)
    {
        var text = new StringBuilder("[");
        foreach (var (method, path, maxBody, timeout) in routes)
        {
            text.Append(text.Length > 1 ? "," : string.Empty)
                .Append(System.Globalization.CultureInfo.InvariantCulture, $"{{\"method\":\"{method}\",\"path\":\"{path}\",\"max_body\":{maxBody},\"timeout\":{timeout}}}");
        }

        return text.Append("]\n").ToString();
    }
}
