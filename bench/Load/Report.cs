using System.Globalization;
using System.Text.Json;

namespace Kes.Bench.Load;

/// <summary>Prints results as a table, or as one JSON object with the server/baseline ratios.</summary>
public static class Report
{
    /// <summary>Writes the KES server's rounds and the baseline's (none when it was skipped): per-round rows when there are several, then one row per target with the medians, the server/baseline ratios (the medians of each round's ratio), and for a launched server its cold figures against its own warm median.</summary>
    public static void Write(TextWriter output, ReportInput input, bool json)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(input);
        var (kesRounds, baselineRounds, cold, peakKb) = input;
        var results = new List<LoadResult> { LoadResult.Combine(kesRounds) };
        double? throughputRatio = null;
        double? p99Ratio = null;
        if (baselineRounds.Count > 0)
        {
            results.Add(LoadResult.Combine(baselineRounds));
            var pairs = kesRounds.Zip(baselineRounds).ToArray();
            throughputRatio = LoadResult.Median(pairs.Select(p => p.First.OpsPerSecond / p.Second.OpsPerSecond));
            p99Ratio = pairs.All(p => p.Second.P99Ms > 0) ? LoadResult.Median(pairs.Select(p => p.First.P99Ms / p.Second.P99Ms)) : null;
        }

        var rounds = kesRounds.Count > 1
            ? kesRounds.Select((kes, i) => i < baselineRounds.Count ? new[] { kes, baselineRounds[i] } : [kes]).ToArray()
            : [];
        var warm = results[0];
        double? coldRatio = cold is null || warm.OpsPerSecond == 0 ? null : cold.First.OpsPerSecond / warm.OpsPerSecond;
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new { results, throughputRatio, p99Ratio, rounds, cold, coldRatio, peakResidentKb = peakKb }));
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"{"target",-9} {"op",-9} {"proto",-8} {"C",4} {"requests",9} {"errors",6} {"ops/s",9} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"max ms",8} {"B/req",8} {"reads",6} {"conns",5} {"srv",4}"));
        var firstRows = cold is null ? [] : new[] { cold.First };
        foreach (var r in firstRows.Concat(rounds.SelectMany((pair, i) => pair.Select(r => r with { Target = string.Create(inv, $"{r.Target}#{i + 1}") }))).Concat(results))
        {
            output.WriteLine(string.Create(inv, $"{r.Target,-9} {r.Operation,-9} {r.Protocol,-8} {r.Connections,4} {r.Requests,9} {r.Errors,6} {r.OpsPerSecond,9:F0} {r.P50Ms,8:F2} {r.P90Ms,8:F2} {r.P99Ms,8:F2} {r.MaxMs,8:F2} {(r.ServerBytesPerRequest is { } b ? b.ToString("F0", inv) : "-"),8} {(r.KeyStoreReads?.ToString(inv) ?? "-"),6} {(r.OpenedConnections?.ToString(inv) ?? "-"),5} {(r.ServerConnections?.ToString(inv) ?? "-"),4}"));
        }

        if (throughputRatio is { } t)
        {
            output.WriteLine(string.Create(inv, $"server/baseline: throughput {t:P1}, p99 {p99Ratio:F2}x"));
        }

        if (cold is not null)
        {
            output.WriteLine(string.Create(inv, $"cold: first answer {cold.StartupMs:F0} ms after start, resident {cold.IdleResidentKb} kB then, first {cold.First.Requests} requests at {coldRatio:P1} of warm; peak resident {peakKb} kB"));
        }
    }
}
