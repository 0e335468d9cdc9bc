using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Kes.Bench.Fuzz;

var kes = new Option<string?>("--kes") { Description = "the server's kes.dll (default: src/Api's Release, then Debug build output)" };
var count = new Option<long>("-n") { Description = "requests to send", DefaultValueFactory = _ => 100_000 };
var seed = new Option<int>("--seed") { Description = "the generator's seed: the same seed sends the same requests", DefaultValueFactory = _ => 1 };
var workers = new Option<int>("-c") { Description = "requests in flight", DefaultValueFactory = _ => 8 };
var rounds = new Option<int>("--rounds") { Description = "campaigns of -n requests in a row (seeds --seed, --seed+2, …), with a snapshot after each: a leak grows with every round", DefaultValueFactory = _ => 1 };
var heapLimit = new Option<int?>("--heap-limit-mib") { Description = "run the server under this GC heap hard limit, so that a leak crashes it" };
var warmUp = new Option<long>("--warmup") { Description = "requests (another seed) sent before the first snapshot, so that JIT and pools have settled", DefaultValueFactory = _ => 5_000 };

var root = new RootCommand("Kes.NET fuzz campaign: starts a kes server process and sends it generated requests over HTTP/1.1, HTTP/2 and raw HTTP/1.1")
{
    kes, count, seed, workers, rounds, heapLimit, warmUp,
};
root.SetAction(async (parse, cancellationToken) =>
{
    var dll = parse.GetValue(kes) ?? FindKesDll();
    await using var server = await KesServerProcess.StartAsync(dll, parse.GetValue(heapLimit));
    var started = await SettledSnapshotAsync(server);
    var seedValue = parse.GetValue(seed);
    var concurrency = parse.GetValue(workers);

    using (var warm = new FuzzSender(server.Address, server.Callers, server.ServerCertificate))
    {
        await FuzzCampaign.RunAsync(warm, seedValue + 1, parse.GetValue(warmUp), concurrency, null, cancellationToken);
    }

    var before = await SettledSnapshotAsync(server);
    var snapshots = new List<string>();
    var results = new List<FuzzResult>();
    var clock = Stopwatch.StartNew();
    for (var round = 0; round < Math.Max(1, parse.GetValue(rounds)); round++)
    {
        using (var sender = new FuzzSender(server.Address, server.Callers, server.ServerCertificate))
        {
            var progress = new Progress<long>(sent => Console.Error.WriteLine($"round {round + 1}: {sent} requests, {clock.Elapsed.TotalSeconds:F0} s"));
            results.Add(await FuzzCampaign.RunAsync(sender, seedValue + (2 * round), parse.GetValue(count), concurrency, progress, cancellationToken));
        }

        snapshots.Add(await SettledSnapshotAsync(server));
    }

    var elapsed = clock.Elapsed;
    var alive = !server.HasExited && await StatusAnswersAsync(server);
    var sent = results.Sum(r => r.Sent);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seed {seedValue}, {results.Count} round(s), {concurrency} in flight, {elapsed.TotalSeconds:F1} s ({sent / elapsed.TotalSeconds:F0} requests/s)"));
    for (var round = 0; round < results.Count; round++)
    {
        Console.Write($"round {round + 1} (seed {seedValue + (2 * round)}): {results[round]}");
    }

    Console.WriteLine($"server at start:          {started}");
    Console.WriteLine($"server after warm-up:     {before}");
    for (var round = 0; round < snapshots.Count; round++)
    {
        Console.WriteLine($"server after round {round + 1}:     {snapshots[round]}");
    }

    Console.WriteLine($"server answers /v1/status afterwards: {(alive ? "yes" : "NO")}");
    var result = new
    {
        Violations = results.Sum(r => r.Violations),
        Timeouts = results.Sum(r => r.Timeouts),
        Unexplained = results.Sum(r => r.UnexplainedTransportFailures),
    };
    return alive && result.Violations == 0 && result.Timeouts == 0 && result.Unexplained == 0 ? 0 : 1;
});

return await root.Parse(args).InvokeAsync();

// The clients are gone: wait for the server to close their connections, then read /proc and the managed heap in use.
static async Task<string> SettledSnapshotAsync(KesServerProcess server)
{
    await Task.Delay(TimeSpan.FromSeconds(3));
    var snapshot = ProcessSnapshot.Of(server.Pid);
    using var sender = new FuzzSender(server.Address, server.Callers, server.ServerCertificate);
    var metrics = await sender.SendAsync(new FuzzRequest("GET", "/v1/metrics", [], null, Caller.Admin, Http2: false, Raw: false), CancellationToken.None);
    var heap = System.Text.Encoding.UTF8.GetString(metrics.Body).Split('\n').First(line => line.StartsWith("kes_system_mem_heap_used ", StringComparison.Ordinal)).Split(' ')[1];
    return string.Create(CultureInfo.InvariantCulture, $"{snapshot}, managed heap in use {double.Parse(heap, CultureInfo.InvariantCulture) / (1024 * 1024):F1} MiB");
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

static string FindKesDll()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "Kes.sln")))
        {
            foreach (var configuration in new[] { "Release", "Debug" })
            {
                var dll = Path.Combine(directory.FullName, "src", "Api", "bin", configuration, "net10.0", "kes.dll");
                if (File.Exists(dll))
                {
                    return dll;
                }
            }
        }
    }

    throw new FileNotFoundException("kes.dll not found: build src/Api or pass --kes");
}
