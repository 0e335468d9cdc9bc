using System.Globalization;

namespace Kes.Client.Http;

/// <summary>Reads the Prometheus text exposition of <c>/v1/metrics</c> (docs/api.md §9) into <see cref="ServerMetrics"/>, the way kms-go's <c>Metrics()</c> folds the families.</summary>
internal static class PrometheusText
{
    public static ServerMetrics Parse(string text)
    {
        var metrics = new ServerMetrics();
        var histogram = new SortedDictionary<TimeSpan, long>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var (name, labels, value) = Sample(line);
            metrics = name switch
            {
                "kes_http_request_success" => metrics with { RequestOK = metrics.RequestOK + (long)value },
                "kes_http_request_error" => metrics with { RequestErr = metrics.RequestErr + (long)value },
                "kes_http_request_failure" => metrics with { RequestFail = metrics.RequestFail + (long)value },
                "kes_http_request_active" => metrics with { RequestActive = (long)value },
                "kes_log_audit_events" => metrics with { AuditEvents = (long)value },
                "kes_log_error_events" => metrics with { ErrorEvents = (long)value },
                "kes_system_up_time" => metrics with { UpTime = TimeSpan.FromSeconds(value) },
                "kes_system_num_cpu" => metrics with { Cpus = (int)value },
                "kes_system_num_cpu_used" => metrics with { UsableCpus = (int)value },
                "kes_system_num_threads" => metrics with { Threads = (int)value },
                "kes_system_mem_heap_used" => metrics with { HeapAlloc = (long)value },
                "kes_system_mem_heap_objects" => metrics with { HeapObjects = (long)value },
                "kes_system_mem_stack_used" => metrics with { StackAlloc = (long)value },
                _ => metrics,
            };

            if (name == "kes_http_response_time_bucket" && Label(labels, "le") is { } bound && bound != "+Inf")
            {
                histogram[TimeSpan.FromSeconds(ParseFloat(bound))] = (long)value;
            }
        }

        return metrics with { LatencyHistogram = histogram };
    }

    private static (string Name, string Labels, double Value) Sample(string line)
    {
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        string name;
        string labels;
        string rest;
        if (brace >= 0 && (space < 0 || brace < space))
        {
            var close = line.LastIndexOf('}');
            if (close < brace)
            {
                throw new FormatException("invalid metric line: " + line);
            }

            name = line[..brace];
            labels = line[(brace + 1)..close];
            rest = line[(close + 1)..].Trim();
        }
        else if (space > 0)
        {
            name = line[..space];
            labels = string.Empty;
            rest = line[(space + 1)..].Trim();
        }
        else
        {
            throw new FormatException("invalid metric line: " + line);
        }

        var end = rest.IndexOf(' ', StringComparison.Ordinal);
        return (name, labels, ParseFloat(end < 0 ? rest : rest[..end]));
    }

    private static string? Label(string labels, string key)
    {
        foreach (var pair in labels.Split(','))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && pair[..equals].Trim() == key)
            {
                return pair[(equals + 1)..].Trim().Trim('"');
            }
        }

        return null;
    }

    private static double ParseFloat(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
