using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Kes.Bench.Fuzz;

var kes = new Option<string?>("--kes") { Description = "the server: a kes.dll (run with dotnet) or a native kes executable (default: src/Api's Release, then Debug build output)" };
var count = new Option<long>("-n") { Description = "requests to send", DefaultValueFactory = _ => 100_000 };
var seed = new Option<int>("--seed") { Description = "the generator's seed: the same seed sends the same requests", DefaultValueFactory = _ => 1 };
var workers = new Option<int>("-c") { Description = "requests in flight", DefaultValueFactory = _ => 8 };
var rounds = new Option<int>("--rounds") { Description = "campaigns of -n requests in a row (seeds --seed, --seed+2, …), with a snapshot after each: a leak grows with every round", DefaultValueFactory = _ => 1 };
var heapLimit = new Option<int?>("--heap-limit-mib") { Description = "run the server under this GC heap hard limit, so that a leak crashes it" };
var warmUp = new Option<long>("--warmup") { Description = "requests (another seed) sent before the first snapshot, so that JIT and pools have settled", DefaultValueFactory = _ => 5_000 };
var idleConnections = new Option<int>("--idle-connections") { Description = "combined memory run: hold N idle TLS connections (HTTP/2, the admin's certificate) open from before the campaign to its end" };
var validRequests = new Option<long>("--valid-requests") { Description = "combined memory run: send M valid generate/decrypt requests on one HTTP/2 connection, 64 streams at once, while the campaign runs" };

var root = new RootCommand("Kes.NET fuzz campaign: starts a kes server process and sends it generated requests over HTTP/1.1, HTTP/2 and raw HTTP/1.1")
{
    kes, count, seed, workers, rounds, heapLimit, warmUp, idleConnections, validRequests,
};
root.SetAction(async (parse, cancellationToken) =>
{
    await using var server = await KesServerProcess.StartAsync(parse.GetValue(kes) ?? KesServerProcess.DefaultKes(), parse.GetValue(heapLimit));
    await using var sampler = new RssSampler(server.Pid);
    var started = await SettledSnapshotAsync(server);
    var seedValue = parse.GetValue(seed);
    var concurrency = parse.GetValue(workers);

    using (var warm = new FuzzSender(server.Address, server.Callers, server.ServerCertificate))
    {
        await FuzzCampaign.RunAsync(warm, seedValue + 1, parse.GetValue(warmUp), concurrency, null, cancellationToken);
    }

    var before = await SettledSnapshotAsync(server);
    var snapshots = new List<string>();
    var clock = Stopwatch.StartNew();
    var combined = parse.GetValue(idleConnections) > 0 || parse.GetValue(validRequests) > 0;
    var phaseStart = sampler.Now;
    var phase = combined ? await CombinedPhase.RunAsync(server, parse.GetValue(idleConnections), parse.GetValue(validRequests), RoundsAsync, cancellationToken) : null;
    var results = phase?.Campaign ?? await RoundsAsync(cancellationToken);
    var phaseEnd = sampler.Now;
    var elapsed = clock.Elapsed;
    var afterClose = combined ? await AfterCloseAsync(server.Pid, cancellationToken) : [];
    var alive = !server.HasExited && await StatusAnswersAsync(server);
    var sent = results.Sum(r => r.Sent);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seed {seedValue}, {results.Count} round(s), {concurrency} in flight, {elapsed.TotalSeconds:F1} s ({sent / elapsed.TotalSeconds:F0} requests/s)"));
    for (var round = 0; round < results.Count; round++)
    {
        Console.Write($"round {round + 1} (seed {seedValue + (2 * round)}): {results[round]}");
    }

    Console.WriteLine($"server at start:          {started.Text}");
    Console.WriteLine($"server after warm-up:     {before.Text}");
    for (var round = 0; round < snapshots.Count; round++)
    {
        Console.WriteLine($"server after round {round + 1}:     {snapshots[round]}");
    }

    if (phase is not null)
    {
        Console.Write(phase);
        Console.Write(new MemoryReport(started.Process.ResidentBytes, before.Process.ResidentBytes, sampler.Peak(phaseStart, phaseEnd), sampler.HighWaterMark(), afterClose));
    }

    Console.WriteLine($"server answers /v1/status afterwards: {(alive ? "yes" : "NO")}");
    var result = new
    {
        Violations = results.Sum(r => r.Violations),
        Timeouts = results.Sum(r => r.Timeouts),
        Unexplained = results.Sum(r => r.UnexplainedTransportFailures),
    };
    return alive && result.Violations == 0 && result.Timeouts == 0 && result.Unexplained == 0 && (phase?.Passed ?? true) ? 0 : 1;

    async Task<IReadOnlyList<FuzzResult>> RoundsAsync(CancellationToken token)
    {
        var done = new List<FuzzResult>();
        for (var round = 0; round < Math.Max(1, parse.GetValue(rounds)); round++)
        {
            using (var sender = new FuzzSender(server.Address, server.Callers, server.ServerCertificate))
            {
                var progress = new Progress<long>(sent => Console.Error.WriteLine($"round {round + 1}: {sent} requests, {clock.Elapsed.TotalSeconds:F0} s"));
                done.Add(await FuzzCampaign.RunAsync(sender, seedValue + (2 * round), parse.GetValue(count), concurrency, progress, token));
            }

            snapshots.Add((await SettledSnapshotAsync(server)).Text);
        }

        return done;
    }
});

return await root.Parse(args).InvokeAsync();

// The clients are gone: wait for the server to close their connections, then read /proc and the managed heap in use.
static async Task<(ProcessSnapshot Process, string Text)> SettledSnapshotAsync(KesServerProcess server)
{
    await Task.Delay(TimeSpan.FromSeconds(3));
    var snapshot = ProcessSnapshot.Of(server.Pid);
    using var sender = new FuzzSender(server.Address, server.Callers, server.ServerCertificate);
    var metrics = await sender.SendAsync(new FuzzRequest("GET", "/v1/metrics", [], null, Caller.Admin, Http2: false, Raw: false), CancellationToken.None);
    var heap = System.Text.Encoding.UTF8.GetString(metrics.Body).Split('\n').First(line => line.StartsWith("kes_system_mem_heap_used ", StringComparison.Ordinal)).Split(' ')[1];
    return (snapshot, string.Create(CultureInfo.InvariantCulture, $"{snapshot}, managed heap in use {double.Parse(heap, CultureInfo.InvariantCulture) / (1024 * 1024):F1} MiB"));
}

// Issue 12's settle target: the server's VmRSS 10, 30 and 60 s after the combined phase closed its connections, nothing else sent meanwhile.
static async Task<IReadOnlyList<(TimeSpan After, long Bytes)>> AfterCloseAsync(int pid, CancellationToken cancellationToken)
{
    var closed = Stopwatch.StartNew();
    var readings = new List<(TimeSpan, long)>();
    foreach (var seconds in new[] { 10, 30, 60 })
    {
        var at = TimeSpan.FromSeconds(seconds);
        await Task.Delay(at - closed.Elapsed, cancellationToken);
        readings.Add((at, ProcessSnapshot.Of(pid).ResidentBytes));
    }

    return readings;
}

static async Task<bool> StatusAnswersAsync(KesServerProcess server)
{
    using var sender = new FuzzSender(server.Address, server.Callers, server.ServerCertificate);
    try
    {
        var answer = await sender.SendAsync(new FuzzRequest("GET", "/v1/status", [], null, Caller.Admin, Http2: false, Raw: false), CancellationToken.None);
        return answer.Status == 200;
    }
    catch (Exception e) when (e is HttpRequestException or TimeoutException)
    {
        return false;
    }
}
