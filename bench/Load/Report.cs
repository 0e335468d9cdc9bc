using System.Globalization;
using System.Text.Json;

namespace Kes.Bench.Load;

/// <summary>Prints results as a table, or as one JSON object with the server/baseline ratios.</summary>
public static class Report
{
    /// <summary>Writes <paramref name="results"/>; the first is the KES server, the optional second the baseline.</summary>
    public static void Write(TextWriter output, IReadOnlyList<LoadResult> results, bool json)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(results);
        var kes = results[0];
        var baseline = results.Count > 1 ? results[1] : null;
        double? throughputRatio = baseline is null ? null : kes.OpsPerSecond / baseline.OpsPerSecond;
        double? p99Ratio = baseline is null || baseline.P99Ms == 0 ? null : kes.P99Ms / baseline.P99Ms;
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new { results, throughputRatio, p99Ratio }));
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"{"target",-9} {"op",-9} {"proto",-8} {"C",4} {"requests",9} {"errors",6} {"ops/s",9} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"max ms",8} {"B/req",8} {"reads",6}"));
        foreach (var r in results)
        {
            output.WriteLine(string.Create(inv, $"{r.Target,-9} {r.Operation,-9} {r.Protocol,-8} {r.Connections,4} {r.Requests,9} {r.Errors,6} {r.OpsPerSecond,9:F0} {r.P50Ms,8:F2} {r.P90Ms,8:F2} {r.P99Ms,8:F2} {r.MaxMs,8:F2} {(r.ServerBytesPerRequest is { } b ? b.ToString("F0", inv) : "-"),8} {(r.KeyStoreReads?.ToString(inv) ?? "-"),6}"));
        }

        if (throughputRatio is { } t)
        {
            output.WriteLine(string.Create(inv, $"server/baseline: throughput {t:P1}, p99 {p99Ratio:F2}x"));
        }
    }
}
