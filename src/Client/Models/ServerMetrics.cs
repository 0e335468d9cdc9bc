namespace Kes.Client;

/// <summary>The server metrics (<c>GET /v1/metrics</c>) in kms-go's shape: request counters summed over status codes, the latency histogram by bucket bound, and system figures.</summary>
public sealed record ServerMetrics
{
    public long RequestOK { get; init; }

    public long RequestErr { get; init; }

    public long RequestFail { get; init; }

    public long RequestActive { get; init; }

    public long AuditEvents { get; init; }

    public long ErrorEvents { get; init; }

    /// <summary>Cumulative request counts by bucket upper bound; the +Inf bucket is left out.</summary>
    public IReadOnlyDictionary<TimeSpan, long> LatencyHistogram { get; init; } = new Dictionary<TimeSpan, long>();

    public TimeSpan UpTime { get; init; }

    public int Cpus { get; init; }

    public int UsableCpus { get; init; }

    public int Threads { get; init; }

    public long HeapAlloc { get; init; }

    public long HeapObjects { get; init; }

    public long StackAlloc { get; init; }

    /// <summary>All requests answered: success, error and failure.</summary>
    public long RequestN => RequestOK + RequestErr + RequestFail;
}
