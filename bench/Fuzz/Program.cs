using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Kes.Bench.Fuzz;

var kes = new Option<string?>("--kes") { Description = "the server's kes.dll (default: src/Api's Release, then Debug build output)" };
var count = new Option<long>("-n") { Description = "requests to send", DefaultValueFactory = _ => 100_000 };
var seed = new Option<int>("--seed") { Description = "the generator's seed: the same seed sends the same requests", DefaultValueFactory = _ => 1 };
var workers = new Option<int>("-c") { Description = "requests in flight", DefaultValueFactory = _ => 8 };
var warmUp = new Option<long>("--warmup") { Description = "requests (another seed) sent before the first snapshot, so that JIT and pools have settled", DefaultValueFactory = _ => 5_000 };

var root = new RootCommand("Kes.NET fuzz campaign: starts a kes server process and sends it generated requests over HTTP/1.1, HTTP/2 and raw HTTP/1.1")
{
    kes, count, seed, workers, warmUp,
};
root.SetAction(async (parse, cancellationToken) =>
{
    var dll = parse.GetValue(kes) ?? FindKesDll();
    await using var server = await KesServerProcess.StartAsync(dll);
    var started = ProcessSnapshot.Of(server.Pid);
    var seedValue = parse.GetValue(seed);
    var concurrency = parse.GetValue(workers);

    using (var warm = new FuzzSender(server.Address, server.Callers, server.ServerCertificate))
    {
        await FuzzCampaign.RunAsync(warm, seedValue + 1, parse.GetValue(warmUp), concurrency, null, cancellationToken);
    }

    var before = await SettledSnapshotAsync(server.Pid);
    var clock = Stopwatch.StartNew();
    FuzzResult result;
    using (var sender = new FuzzSender(server.Address, server.Callers, server.ServerCertificate))
    {
        var progress = new Progress<long>(sent => Console.Error.WriteLine($"{sent} requests, {clock.Elapsed.TotalSeconds:F0} s"));
        result = await FuzzCampaign.RunAsync(sender, seedValue, parse.GetValue(count), concurrency, progress, cancellationToken);
    }

    var elapsed = clock.Elapsed;
    var after = await SettledSnapshotAsync(server.Pid);
    var alive = !server.HasExited && await StatusAnswersAsync(server);

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seed {seedValue}, {concurrency} in flight, {elapsed.TotalSeconds:F1} s ({result.Sent / elapsed.TotalSeconds:F0} requests/s)"));
    Console.Write(result.ToString());
    Console.WriteLine($"server at start:       {started}");
    Console.WriteLine($"server before (warm):  {before}");
    Console.WriteLine($"server after:          {after}");
    Console.WriteLine($"server answers /v1/status afterwards: {(alive ? "yes" : "NO")}");
    return alive && result.Violations == 0 && result.Timeouts == 0 ? 0 : 1;
});

return await root.Parse(args).InvokeAsync();

// The clients are gone: wait for the server to close their connections, then read.
static async Task<ProcessSnapshot> SettledSnapshotAsync(int pid)
{
    await Task.Delay(TimeSpan.FromSeconds(3));
    return ProcessSnapshot.Of(pid);
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
