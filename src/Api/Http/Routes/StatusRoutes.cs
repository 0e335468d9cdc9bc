using Kes.Api.Http.Buffers;
using Kes.Api.Http.Json;
using Kes.Api.Http.Routing;
using Kes.Application.Metrics;
using Kes.Application.Status;
using static Kes.Api.Http.Routing.Route;

namespace Kes.Api.Http.Routes;

/// <summary><c>/version</c>, <c>/v1/ready</c>, <c>/v1/status</c>, <c>/v1/metrics</c> and <c>/v1/api</c>.</summary>
public static class StatusRoutes
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The status routes with their upstream limits.</summary>
    public static IEnumerable<Route> All { get; } =
    [
        new("GET", "/version", 0, ShortTimeout, RouteAuth.None, VersionAsync),
        new("GET", "/v1/ready", 0, DefaultTimeout, RouteAuth.Verify, ReadyAsync),
        new("GET", "/v1/status", 0, DefaultTimeout, RouteAuth.Verify, StatusAsync),
        new("GET", "/v1/metrics", 0, DefaultTimeout, RouteAuth.Verify, MetricsAsync),
        new("GET", "/v1/api", 0, ShortTimeout, RouteAuth.Verify, ApiAsync),
    ];

    private static async Task VersionAsync(RouteCall call)
    {
        var build = await call.Mediator.Send(new GetVersion(call.Context)).ConfigureAwait(false);
        await ResponseJson.WriteAsync(call.Http.Response, build, static (json, build) =>
        {
            json.WriteStartObject();
            json.WriteString("version", build.Version);
            json.WriteString("commit", build.Commit);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task ReadyAsync(RouteCall call)
    {
        await call.Mediator.Send(new CheckReady(call.Context)).ConfigureAwait(false);
        await ResponseJson.WriteEmptyAsync(call.Http.Response).ConfigureAwait(false);
    }

    private static async Task StatusAsync(RouteCall call)
    {
        var status = await call.Mediator.Send(new GetStatus(call.Context)).ConfigureAwait(false);
        await ResponseJson.WriteAsync(call.Http.Response, status, static (json, status) =>
        {
            json.WriteStartObject();
            json.WriteString("version", status.Version);
            json.WriteString("os", status.OS);
            json.WriteString("arch", status.Arch);
            json.WriteNumber("uptime", (long)Math.Round(status.UpTime.TotalSeconds));
            json.WriteNumber("num_cpu", status.NumCpu);
            json.WriteNumber("num_cpu_used", status.NumCpuUsed);
            json.WriteNumber("mem_heap_used", status.HeapUsed);
            json.WriteNumber("mem_stack_used", status.StackUsed);
            if (status.KeyStoreLatency is { } latency)
            {
                json.WriteNumber("keystore_latency", Math.Max(1, (long)Math.Round(latency.TotalMilliseconds)));
            }
            else
            {
                json.WriteBoolean("keystore_unreachable", true);
            }

            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task MetricsAsync(RouteCall call)
    {
        var metrics = await call.Mediator.Send(new GetMetrics(call.Context)).ConfigureAwait(false);
        await PrometheusText.WriteAsync(call.Http.Response, metrics, call.Http.RequestServices?.GetService<HeldBlocks>()).ConfigureAwait(false);
    }

    private static async Task ApiAsync(RouteCall call)
    {
        var routes = await call.Mediator.Send(new ListApis(call.Context)).ConfigureAwait(false);
        await ResponseJson.WriteAsync(call.Http.Response, routes, static (json, routes) =>
        {
            json.WriteStartArray();
            foreach (var route in routes)
            {
                json.WriteStartObject();
                json.WriteString("method", route.Method);
                json.WriteString("path", route.Path);
                json.WriteNumber("max_body", route.MaxBody);
                json.WriteNumber("timeout", (long)route.Timeout.TotalSeconds);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }).ConfigureAwait(false);
    }
}
