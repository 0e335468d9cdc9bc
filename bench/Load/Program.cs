using System.CommandLine;
using Kes.Bench.Load;

var servers = new Option<string[]>("--server") { Description = "KES server base address (repeatable)", AllowMultipleArgumentsPerToken = true, Required = true };
var operation = new Option<string>("--op") { Description = "generate, decrypt, encrypt, hmac or status", DefaultValueFactory = _ => "generate" };
var key = new Option<string>("--key-name") { Description = "the key to use", DefaultValueFactory = _ => "bench-key" };
var connections = new Option<int>("-c") { Description = "keep-alive connections", DefaultValueFactory = _ => 8 };
var duration = new Option<double>("-d") { Description = "seconds to run", DefaultValueFactory = _ => 10 };
var requests = new Option<long?>("-n") { Description = "requests to send (instead of -d)" };
var http2 = new Option<bool>("--http2") { Description = "use HTTP/2" };
var oneConnection = new Option<bool>("--one-connection") { Description = "MinIO's pattern: one HTTP/2 connection with -c concurrent streams" };
var launch = new Option<string?>("--launch") { Description = "start this server command line first (split on spaces) and measure its first requests apart from the warm runs" };
var coldRequests = new Option<long>("--cold-requests") { Description = "with --launch: the requests after the first answer that count as cold", DefaultValueFactory = _ => 20_000 };
var cert = new Option<string>("--cert") { Description = "client certificate (PEM)", Required = true };
var clientKey = new Option<string>("--client-key") { Description = "client private key (PEM)", Required = true };
var baselineCert = new Option<string?>("--baseline-cert") { Description = "server certificate (PEM) for the same-run baseline; omit to skip it" };
var baselineKey = new Option<string?>("--baseline-key") { Description = "server private key (PEM) for the baseline" };
var warmUp = new Option<double>("--warmup") { Description = "seconds of warm-up before each run", DefaultValueFactory = _ => 5 };
var rounds = new Option<int>("--rounds") { Description = "alternate server and baseline runs this many times and report the medians", DefaultValueFactory = _ => 1 };
var json = new Option<bool>("--json") { Description = "one JSON object instead of a table" };

var run = new RootCommand("Kes.NET load tool: drives a KES server and a bare Kestrel baseline in the same run")
{
    servers, operation, key, connections, duration, requests, http2, oneConnection, launch, coldRequests, cert, clientKey, baselineCert, baselineKey, warmUp, rounds, json,
};
run.SetAction(async (parse, cancellationToken) =>
{
    var options = new LoadOptions
    {
        Servers = [.. parse.GetRequiredValue(servers).Select(s => new Uri(s))],
        Operation = parse.GetValue(operation)!,
        KeyName = parse.GetValue(key)!,
        Connections = parse.GetValue(connections),
        Duration = TimeSpan.FromSeconds(parse.GetValue(duration)),
        Requests = parse.GetValue(requests),
        Http2 = parse.GetValue(http2),
        OneConnection = parse.GetValue(oneConnection),
        CertificateFile = parse.GetRequiredValue(cert),
        KeyFile = parse.GetRequiredValue(clientKey),
        WarmUp = TimeSpan.FromSeconds(parse.GetValue(warmUp)),
    };
    var count = Math.Max(1, parse.GetValue(rounds));
    var kesRounds = new List<LoadResult>();
    var baselineRounds = new List<LoadResult>();
    BaselineProcess? baseline = null;
    LoadOptions? baselineOptions = null;
    if (parse.GetValue(baselineCert) is { } serverCert && parse.GetValue(baselineKey) is { } serverKey)
    {
        baseline = await BaselineProcess.StartAsync(serverCert, serverKey);
        baselineOptions = options with { Servers = [baseline.Address] };
    }

    if (parse.GetValue(launch) is not null && baselineOptions is not null)
    {
        // The tool's own HTTP/2 client is JIT code that takes ~100,000 requests to tier up on 2 cores: one
        // discarded round on the baseline first, so the cold figure is the server's first seconds, not the tool's.
        _ = await LoadRunner.RunAsync(baselineOptions, "client warm-up", isKes: false, cancellationToken);
    }

    ServerProcess? launched = parse.GetValue(launch) is { } commandLine ? ServerProcess.Start(commandLine) : null;
    ColdResult? cold = null;
    long? peak = null;
    await using (launched)
    await using (baseline)
    {
        if (launched is not null)
        {
            cold = await ColdRunner.RunAsync(launched, options, parse.GetValue(coldRequests), cancellationToken);
        }

        for (var round = 0; round < count; round++)
        {
            // Every other round starts with the baseline, so neither side always meets a fresher load generator.
            var baselineFirst = round % 2 == 1;
            if (baselineOptions is not null && baselineFirst)
            {
                baselineRounds.Add(await LoadRunner.RunAsync(baselineOptions, "baseline", isKes: false, cancellationToken));
            }

            kesRounds.Add(await LoadRunner.RunAsync(options, "kes", isKes: true, cancellationToken));
            if (baselineOptions is not null && !baselineFirst)
            {
                baselineRounds.Add(await LoadRunner.RunAsync(baselineOptions, "baseline", isKes: false, cancellationToken));
            }
        }

        peak = launched?.PeakResidentKb;
    }

    var input = new ReportInput(kesRounds, baselineRounds, cold, peak);
    Report.Write(Console.Out, input, parse.GetValue(json));
    return input.Clean ? 0 : 1;
});

var serve = new Command("serve-baseline", "serve the bare Kestrel baseline (used by the tool itself)")
{
    baselineCert, baselineKey,
};
serve.SetAction(parse => BaselineServer.RunAsync(parse.GetRequiredValue(baselineCert)!, parse.GetRequiredValue(baselineKey)!));
run.Add(serve);

return await run.Parse(args).InvokeAsync();
