using System.CommandLine;
using Kes.Bench.Load;

var servers = new Option<string[]>("--server") { Description = "KES server base address (repeatable)", AllowMultipleArgumentsPerToken = true, Required = true };
var operation = new Option<string>("--op") { Description = "generate, decrypt, encrypt, hmac or status", DefaultValueFactory = _ => "generate" };
var key = new Option<string>("--key-name") { Description = "the key to use", DefaultValueFactory = _ => "bench-key" };
var connections = new Option<int>("-c") { Description = "keep-alive connections", DefaultValueFactory = _ => 8 };
var duration = new Option<double>("-d") { Description = "seconds to run", DefaultValueFactory = _ => 10 };
var requests = new Option<long?>("-n") { Description = "requests to send (instead of -d)" };
var http2 = new Option<bool>("--http2") { Description = "use HTTP/2" };
var cert = new Option<string>("--cert") { Description = "client certificate (PEM)", Required = true };
var clientKey = new Option<string>("--client-key") { Description = "client private key (PEM)", Required = true };
var baselineCert = new Option<string?>("--baseline-cert") { Description = "server certificate (PEM) for the same-run baseline; omit to skip it" };
var baselineKey = new Option<string?>("--baseline-key") { Description = "server private key (PEM) for the baseline" };
var warmUp = new Option<double>("--warmup") { Description = "seconds of warm-up", DefaultValueFactory = _ => 2 };
var json = new Option<bool>("--json") { Description = "one JSON object instead of a table" };

var run = new RootCommand("Kes.NET load tool: drives a KES server and a bare Kestrel baseline in the same run")
{
    servers, operation, key, connections, duration, requests, http2, cert, clientKey, baselineCert, baselineKey, warmUp, json,
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
        CertificateFile = parse.GetRequiredValue(cert),
        KeyFile = parse.GetRequiredValue(clientKey),
        WarmUp = TimeSpan.FromSeconds(parse.GetValue(warmUp)),
    };
    var results = new List<LoadResult> { await LoadRunner.RunAsync(options, "kes", isKes: true, cancellationToken) };
    if (parse.GetValue(baselineCert) is { } serverCert && parse.GetValue(baselineKey) is { } serverKey)
    {
        await using var baseline = await BaselineProcess.StartAsync(serverCert, serverKey);
        var baselineOptions = options with { Servers = [baseline.Address] };
        results.Add(await LoadRunner.RunAsync(baselineOptions, "baseline", isKes: false, cancellationToken));
    }

    Report.Write(Console.Out, results, parse.GetValue(json));
    return results[0].Errors == 0 ? 0 : 1;
});

var serve = new Command("serve-baseline", "serve the bare Kestrel baseline (used by the tool itself)")
{
    baselineCert, baselineKey,
};
serve.SetAction(parse => BaselineServer.RunAsync(parse.GetRequiredValue(baselineCert)!, parse.GetRequiredValue(baselineKey)!));
run.Add(serve);

return await run.Parse(args).InvokeAsync();
