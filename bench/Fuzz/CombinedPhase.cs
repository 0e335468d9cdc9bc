namespace Kes.Bench.Fuzz;

/// <summary>The combined phase of the memory run (issue 12): idle TLS connections held open while valid requests on one HTTP/2 connection and the malformed campaign run at once.</summary>
public static class CombinedPhase
{
    /// <summary>The TLS handshakes in flight while the idle connections open.</summary>
    public const int OpeningParallelism = 32;

    /// <summary>Concurrent streams of the valid requests' one connection, as a busy MinIO node sends.</summary>
    public const int ValidStreams = 64;

    /// <summary>Opens <paramref name="idleConnections"/> as the admin, starts <paramref name="validRequests"/> valid requests, runs <paramref name="campaign"/>, waits for both, and closes every connection it opened before returning.</summary>
    public static async Task<CombinedResult> RunAsync(
        KesServerProcess server,
        int idleConnections,
        long validRequests,
        Func<CancellationToken, Task<IReadOnlyList<FuzzResult>>> campaign,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(campaign);
        var before = ProcessSnapshot.Of(server.Pid);
        var admin = server.Callers[Caller.Admin];
        await using var idle = await IdleConnections.OpenAsync(server.Address, admin, server.ServerCertificate, idleConnections, OpeningParallelism, cancellationToken).ConfigureAwait(false);
        using var valid = new ValidLoad(server.Address, admin, server.ServerCertificate);
        var validRun = ValidAsync();
        var rounds = await campaign(cancellationToken).ConfigureAwait(false);
        var validResult = await validRun.ConfigureAwait(false);
        return new CombinedResult(rounds, validResult, before, ProcessSnapshot.Of(server.Pid), idle.Count, idle.StillOpen());

        async Task<ValidLoadResult?> ValidAsync() =>
            validRequests > 0 ? await valid.RunAsync(validRequests, ValidStreams, cancellationToken).ConfigureAwait(false) : null;
    }
}
