using System.Diagnostics;
using System.Globalization;
using System.Text;
using Kes.Api.Http.Buffers;
using Kes.Application.Metrics;

namespace Kes.Api.Http.Routes;

/// <summary>Renders the metrics in the Prometheus text format 0.0.4 with upstream's families, HELP texts and order (docs/api.md §9).</summary>
public static class PrometheusText
{
    private const string ContentType = "text/plain; version=0.0.4; charset=utf-8; escaping=underscores";

    /// <summary>Writes the exposition; with <paramref name="held"/>, also the connection buffers Kestrel holds for clients (docs/api.md §1).</summary>
    public static Task WriteAsync(HttpResponse response, KesMetrics metrics, HeldBlocks? held = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(metrics);
        var text = new StringBuilder(4096);
        Render(text, metrics, held);
        var body = Encoding.UTF8.GetBytes(text.ToString());
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }

    /// <summary>The exposition text; families sorted by name, labelled counters only once they have a sample.</summary>
    public static void Render(StringBuilder text, KesMetrics metrics, HeldBlocks? held = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(metrics);
        var inv = CultureInfo.InvariantCulture;
        if (held is not null)
        {
            Single(text, "kes_http_held_buffer_bytes", "gauge", "Bytes of connection buffers held for clients: request data not yet read and answers not yet sent.", (held.Out * ZeroingBlockPool.BlockSize).ToString(inv));
            Single(text, "kes_http_held_buffer_refused_total", "counter", "Number of requests refused because the connection buffers held for clients were at their limit.", held.Refused.ToString(inv));
        }

        Single(text, "kes_http_request_active", "gauge", "Number of active requests that are not finished, yet.", metrics.Active.ToString(inv));
        CodeCounter(text, metrics, "kes_http_request_error", "Number of request that failed due to some error. (HTTP 4xx status code)", 400);
        CodeCounter(text, metrics, "kes_http_request_failure", "Number of request that failed due to some internal failure. (HTTP 5xx status code)", 500);
        CodeCounter(text, metrics, "kes_http_request_success", "Number of requests that have been served successfully.", 200);

        text.Append("# HELP kes_http_response_time Histogram of request response times spawning from 10ms to 10s.\n");
        text.Append("# TYPE kes_http_response_time histogram\n");
        for (var i = 0; i <= KesMetrics.BucketBounds.Length; i++)
        {
            var bound = i < KesMetrics.BucketBounds.Length ? KesMetrics.BucketBounds[i].ToString(inv) : "+Inf";
            text.Append(inv, $"kes_http_response_time_bucket{{le=\"{bound}\"}} {metrics.CumulativeBucket(i)}\n");
        }

        text.Append(inv, $"kes_http_response_time_sum {metrics.Sum.TotalSeconds.ToString("R", inv)}\n");
        text.Append(inv, $"kes_http_response_time_count {metrics.Count}\n");

        Single(text, "kes_keystore_reads_total", "counter", "Number of keys the cache read from the keystore (one per key per cache period).", metrics.KeyStoreReads.ToString(inv));
        Single(text, "kes_log_audit_events", "counter", "Number of audit log events written to the audit log targets.", metrics.AuditEvents.ToString(inv));
        Single(text, "kes_log_error_events", "counter", "Number of error log events written to the error log targets.", metrics.ErrorEvents.ToString(inv));

        Single(text, "kes_runtime_allocated_bytes_total", "counter", "Bytes the .NET runtime has allocated on the managed heap since the server started.", GC.GetTotalAllocatedBytes(precise: false).ToString(inv));
        using var process = Process.GetCurrentProcess();
        var heap = GC.GetTotalMemory(false);
        Single(text, "kes_system_mem_heap_objects", "gauge", "The number of objects that are currently allocated on the heap memory.", Math.Max(1, heap / 64).ToString(inv));
        Single(text, "kes_system_mem_heap_used", "gauge", "The number of bytes that are currently allocated on the heap memory.", heap.ToString(inv));
        Single(text, "kes_system_mem_stack_used", "gauge", "The bytes of stack memory obtained from the OS.", (process.Threads.Count * 1024L * 1024).ToString(inv));
        Single(text, "kes_system_num_cpu", "gauge", "The number of logical CPUs available on the system. It may be larger than the number of usable CPUs.", Environment.ProcessorCount.ToString(inv));
        Single(text, "kes_system_num_cpu_used", "gauge", "The number of logical CPUs usable by the server. It may be smaller than the number of available CPUs.", Environment.ProcessorCount.ToString(inv));
        Single(text, "kes_system_num_threads", "gauge", "The number of concurrent co-routines/threads that currently exists.", process.Threads.Count.ToString(inv));
        Single(text, "kes_system_up_time", "gauge", "The time the server has been up and running in seconds.", (Math.Floor(metrics.UpTime.TotalSeconds * 100) / 100).ToString(inv));
    }

    private static void CodeCounter(StringBuilder text, KesMetrics metrics, string name, string help, int first)
    {
        var header = false;
        for (var code = first; code < first + 100; code++)
        {
            var count = metrics.CountOf(code);
            if (count == 0)
            {
                continue;
            }

            if (!header)
            {
                text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
                text.Append("# TYPE ").Append(name).Append(" counter\n");
                header = true;
            }

            text.Append(CultureInfo.InvariantCulture, $"{name}{{code=\"{code}\"}} {count}\n");
        }
    }

    private static void Single(StringBuilder text, string name, string type, string help, string value) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n')
            .Append(name).Append(' ').Append(value).Append('\n');
}
