namespace Kes.Application.Metrics;

/// <summary>The counters behind <c>/v1/metrics</c> (docs/api.md §9): lock-free, so counting costs the hot path a few interlocked adds.</summary>
public sealed class KesMetrics(TimeProvider time)
{
    /// <summary>Upper bounds of the response-time histogram buckets, in seconds.</summary>
    public static readonly double[] BucketBounds = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 3, 5, 10];

    private const int StatusCodes = 600;
    private readonly long[] _byStatus = new long[StatusCodes];
    private readonly long[] _buckets = new long[BucketBounds.Length + 1];
    private readonly long _startTimestamp = time.GetTimestamp();
    private long _active;
    private long _count;
    private long _sumTicks;
    private long _errorEvents;
    private long _auditEvents;
    private long _keyStoreReads;

    /// <summary>Requests in flight.</summary>
    public long Active => Interlocked.Read(ref _active);

    /// <summary>Completed, counted requests.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>The sum of the counted response times.</summary>
    public TimeSpan Sum => TimeSpan.FromTicks(Interlocked.Read(ref _sumTicks));

    /// <summary>Error-log lines written to subscribers.</summary>
    public long ErrorEvents => Interlocked.Read(ref _errorEvents);

    /// <summary>Audit lines written to subscribers.</summary>
    public long AuditEvents => Interlocked.Read(ref _auditEvents);

    /// <summary>Keys read from the keystore by the cache: one per key per cache period, whatever the load.</summary>
    public long KeyStoreReads => Interlocked.Read(ref _keyStoreReads);

    /// <summary>Time since the metrics were created.</summary>
    public TimeSpan UpTime => time.GetElapsedTime(_startTimestamp);

    /// <summary>A request entered a counted handler.</summary>
    public void Begin() => Interlocked.Increment(ref _active);

    /// <summary>A counted request was answered with <paramref name="status"/> after <paramref name="elapsed"/>.</summary>
    public void End(int status, TimeSpan elapsed)
    {
        Interlocked.Decrement(ref _active);
        if ((uint)status < StatusCodes)
        {
            Interlocked.Increment(ref _byStatus[status]);
        }

        var seconds = elapsed.TotalSeconds;
        var bucket = 0;
        while (bucket < BucketBounds.Length && seconds > BucketBounds[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref _buckets[bucket]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sumTicks, elapsed.Ticks);
    }

    /// <summary>An error-log line went to a subscriber.</summary>
    public void ErrorEventWritten() => Interlocked.Increment(ref _errorEvents);

    /// <summary>The cache read a key from the keystore.</summary>
    public void KeyStoreRead() => Interlocked.Increment(ref _keyStoreReads);

    /// <summary>An audit line went to a subscriber.</summary>
    public void AuditEventWritten() => Interlocked.Increment(ref _auditEvents);

    /// <summary>How many counted requests were answered with <paramref name="status"/>.</summary>
    public long CountOf(int status) => (uint)status < StatusCodes ? Interlocked.Read(ref _byStatus[status]) : 0;

    /// <summary>The cumulative histogram count for bucket <paramref name="index"/> (the last index is +Inf).</summary>
    public long CumulativeBucket(int index)
    {
        long total = 0;
        for (var i = 0; i <= index; i++)
        {
            total += Interlocked.Read(ref _buckets[i]);
        }

        return total;
    }
}
