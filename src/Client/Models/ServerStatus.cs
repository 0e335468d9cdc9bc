namespace Kes.Client;

/// <summary>The server's state (<c>GET /v1/status</c>, docs/api.md §7.3); <c>KeyStoreLatencyMilliseconds</c> is the wire value of <c>keystore_latency</c>, 0 when absent.</summary>
public sealed record ServerStatus(
    string Version,
    string OS,
    string Arch,
    TimeSpan UpTime,
    int Cpus,
    int UsableCpus,
    long HeapUsed,
    long StackUsed,
    long KeyStoreLatencyMilliseconds,
    bool KeyStoreUnavailable,
    bool KeyStoreUnreachable)
{
    /// <summary>The keystore round trip the server measured.</summary>
    public TimeSpan KeyStoreLatency => TimeSpan.FromMilliseconds(KeyStoreLatencyMilliseconds);
}
