namespace Kes.Bench.Load;

/// <summary>What one load run measured.</summary>
public sealed record LoadResult(
    string Target,
    string Operation,
    int Connections,
    string Protocol,
    long Requests,
    long Errors,
    double Seconds,
    double OpsPerSecond,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    double? ServerBytesPerRequest,
    long? KeyStoreReads)
{
    /// <summary>TCP connections the tool opened during the run, warm-up and preparation included.</summary>
    public long? OpenedConnections { get; init; }

    /// <summary>Connections open at the server at the end of the run, where it counts them (the baseline does).</summary>
    public long? ServerConnections { get; init; }

    /// <summary>One row for several rounds against the same target: counts summed, rates and percentiles the median of the rounds, the worst maximum.</summary>
    public static LoadResult Combine(IReadOnlyList<LoadResult> rounds)
    {
        ArgumentNullException.ThrowIfNull(rounds);
        if (rounds.Count == 1)
        {
            return rounds[0];
        }

        var first = rounds[0];
        var requests = rounds.Sum(r => r.Requests);
        var allocated = rounds.All(r => r.ServerBytesPerRequest is not null)
            ? rounds.Sum(r => r.ServerBytesPerRequest!.Value * r.Requests) / requests
            : (double?)null;
        return first with
        {
            Requests = requests,
            Errors = rounds.Sum(r => r.Errors),
            Seconds = rounds.Sum(r => r.Seconds),
            OpsPerSecond = Median(rounds.Select(r => r.OpsPerSecond)),
            P50Ms = Median(rounds.Select(r => r.P50Ms)),
            P90Ms = Median(rounds.Select(r => r.P90Ms)),
            P99Ms = Median(rounds.Select(r => r.P99Ms)),
            MaxMs = rounds.Max(r => r.MaxMs),
            ServerBytesPerRequest = allocated,
            KeyStoreReads = rounds.All(r => r.KeyStoreReads is not null) ? rounds.Sum(r => r.KeyStoreReads!.Value) : null,
            OpenedConnections = rounds.Max(r => r.OpenedConnections),
            ServerConnections = rounds.Max(r => r.ServerConnections),
        };
    }

    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
