namespace Kes.Bench.Load;

/// <summary>Measures a server from its first second: the tool starts it, waits for the first answer, then drives the first requests with no warm-up.</summary>
public static class ColdRunner
{
    /// <summary>Starts nothing itself: <paramref name="server"/> was started just before, and <paramref name="options"/> point at it.</summary>
    public static async Task<ColdResult> RunAsync(ServerProcess server, LoadOptions options, long requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(options);
        using var clients = ClientSet.Create(options);
        var startup = await server.WaitForFirstAnswerAsync(clients.Clients[0], cancellationToken);
        var idle = server.ResidentKb;
        var request = await LoadRunner.PrepareAsync(clients.Clients[0], options, cancellationToken);
        var first = await LoadRunner.MeasureAsync(clients, options, "kes-cold", request, requests, cancellationToken);
        return new ColdResult(startup.TotalMilliseconds, idle, first);
    }
}
