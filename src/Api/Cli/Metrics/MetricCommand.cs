using Kes.Domain.Time;
using System.CommandLine;
using System.Globalization;
using System.Text;
using Kes.Api.Cli.Common;
using Kes.Client;

namespace Kes.Api.Cli.Metrics;

/// <summary><c>kes metric [--rate 5s]</c> (docs/cli.md §4.8): scrapes the metrics every interval; one JSON object per scrape off a terminal, a redrawn summary on one.</summary>
internal static class MetricCommand
{
    public static Command Create(CliConsole console)
    {
        var rate = new Option<string>("--rate") { Description = "Scrape rate when monitoring metrics", DefaultValueFactory = static _ => "5s" };
        var insecure = CliOptions.Insecure();
        var command = new Command("metric", "Print server metrics") { rate, insecure };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var text = parse.GetValue(rate) ?? "5s";
            if (!GoDuration.TryParse(text, out var nanoseconds) || nanoseconds <= 0)
            {
                throw new CliException($"invalid --rate '{text}'");
            }

            var interval = GoDuration.ToTimeSpan(nanoseconds);
            using var connection = ClientConnection.Open(console, parse.GetValue(insecure));
            try
            {
                while (true)
                {
                    ServerMetrics metrics;
                    try
                    {
                        metrics = await connection.Client.MetricsAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (ClientFailure.Is(e))
                    {
                        throw new CliException($"failed to fetch metrics: {e.Message}", e);
                    }

                    console.Out.Write(console.IsTerminal ? Dashboard(metrics, connection.FirstEndpoint) : Json(metrics) + "\n");
                    await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                    await Task.Delay(interval, console.Time, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 0;
            }
        });
        return command;
    }

    /// <summary>kms-go's <c>Metric</c> as JSON: durations in nanoseconds, the histogram keyed by bucket bound with keys sorted as Go sorts map keys.</summary>
    internal static string Json(ServerMetrics metrics) => JsonText.Write(json =>
    {
        json.WriteStartObject();
        json.WriteNumber("kes_http_request_success", metrics.RequestOK);
        json.WriteNumber("kes_http_request_error", metrics.RequestErr);
        json.WriteNumber("kes_http_request_failure", metrics.RequestFail);
        json.WriteNumber("kes_http_request_active", metrics.RequestActive);
        json.WriteNumber("kes_log_audit_events", metrics.AuditEvents);
        json.WriteNumber("kes_log_error_events", metrics.ErrorEvents);
        json.WriteStartObject("kes_http_response_time");
        var buckets = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (bound, count) in metrics.LatencyHistogram)
        {
            buckets[GoDuration.ToNanoseconds(bound).ToString(CultureInfo.InvariantCulture)] = count;
        }

        foreach (var (bound, count) in buckets)
        {
            json.WriteNumber(bound, count);
        }

        json.WriteEndObject();
        json.WriteNumber("kes_system_up_time", GoDuration.ToNanoseconds(metrics.UpTime));
        json.WriteNumber("kes_system_num_cpu", metrics.Cpus);
        json.WriteNumber("kes_system_num_cpu_used", metrics.UsableCpus);
        json.WriteNumber("kes_system_num_threads", metrics.Threads);
        json.WriteNumber("kes_system_mem_heap_used", metrics.HeapAlloc);
        json.WriteNumber("kes_system_mem_heap_objects", metrics.HeapObjects);
        json.WriteNumber("kes_system_mem_stack_used", metrics.StackAlloc);
        json.WriteEndObject();
    });

    private static string Dashboard(ServerMetrics metrics, string endpoint)
    {
        var output = new StringBuilder("\u001b[H\u001b[2J");
        output.Append(CultureInfo.InvariantCulture, $"\u001b[1m● {endpoint}\u001b[0m   up {Units.UpTime(metrics.UpTime)}\n\n");
        output.Append(CultureInfo.InvariantCulture, $"  Requests   {metrics.RequestN,10}   OK {metrics.RequestOK}   4xx {metrics.RequestErr}   5xx {metrics.RequestFail}   active {metrics.RequestActive}\n");
        output.Append(CultureInfo.InvariantCulture, $"  Events     audit {metrics.AuditEvents}   error {metrics.ErrorEvents}\n");
        output.Append(CultureInfo.InvariantCulture, $"  System     {metrics.UsableCpus}/{metrics.Cpus} CPUs   {metrics.Threads} threads   heap {Units.Bytes(metrics.HeapAlloc)}   stack {Units.Bytes(metrics.StackAlloc)}\n\n");
        output.Append("  Latency\n");
        var previous = 0L;
        foreach (var (bound, count) in metrics.LatencyHistogram)
        {
            var share = metrics.RequestN == 0 ? 0 : (double)(count - previous) / metrics.RequestN;
            output.Append(CultureInfo.InvariantCulture, $"  ≤ {GoDuration.Format(bound),-8} {new string('█', (int)Math.Round(share * 40)),-40} {count - previous}\n");
            previous = count;
        }

        return output.ToString();
    }
}
