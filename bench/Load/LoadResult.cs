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
    long? KeyStoreReads);
