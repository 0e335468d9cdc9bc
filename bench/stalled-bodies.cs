// Request bodies left open: HTTP/2 connections (CONNECTIONS, default 1), N streams on each, each POSTing an encrypt body that stops short of its
// end and waits: without a length, about 960 kB of a plaintext field ("large"), or with a length of 10 and one byte
// sent ("tiny": a held stream that costs the server almost no body bytes). Prints every second how many streams are
// pending, answered (by status) and failed, then lets the bodies go. bench/run-stalled-bodies.sh runs it against a
// published server.
// Usage: dotnet run bench/stalled-bodies.cs URL SERVER_CERT CLIENT_CERT CLIENT_KEY N PATH SECONDS [large|tiny] [CONNECTIONS]
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

var server = X509CertificateLoader.LoadCertificateFromFile(args[1]);
using var pem = X509Certificate2.CreateFromPemFile(args[2], args[3]);
var client = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
var streams = int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture);
var seconds = int.Parse(args[6], System.Globalization.CultureInfo.InvariantCulture);
var tiny = args.Length > 7 && args[7] == "tiny";
var connections = args.Length > 8 ? int.Parse(args[8], System.Globalization.CultureInfo.InvariantCulture) : 1;
var release = new TaskCompletionSource();
var pending = new List<Task<HttpResponseMessage>>();
for (var c = 0; c < connections; c++)
{
    // One client per connection: SocketsHttpHandler keeps one HTTP/2 connection per server when told to.
    var http = new HttpClient(new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            ClientCertificates = [client],
            RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(server.RawData),
        },
        MaxConnectionsPerServer = 1,
        EnableMultipleHttp2Connections = false,
    })
    { BaseAddress = new Uri(args[0]), Timeout = Timeout.InfiniteTimeSpan };
    for (var i = 0; i < streams; i++)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, args[5])
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new OpenBody(release.Task, tiny),
        };
        pending.Add(http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead));
    }
}

var clock = Stopwatch.StartNew();
while (clock.Elapsed.TotalSeconds < seconds)
{
    await Task.Delay(1000);
    var answered = pending.Where(t => t.IsCompletedSuccessfully).GroupBy(t => (int)t.Result.StatusCode).Select(g => $"{g.Key}:{g.Count()}");
    var failed = pending.Where(t => t.IsFaulted).GroupBy(t => t.Exception!.GetBaseException().Message).Select(g => $"{g.Count()}x {g.Key}");
    Console.WriteLine($"{clock.Elapsed.TotalSeconds:F0}s pending {pending.Count(t => !t.IsCompleted)} answered [{string.Join(' ', answered)}] failed [{string.Join("; ", failed)}]");
}

release.TrySetResult();

/// <summary>The start of a body, then nothing until released.</summary>
internal sealed class OpenBody(Task release, bool tiny) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        if (tiny)
        {
            await stream.WriteAsync("{"u8.ToArray());
        }
        else
        {
            await stream.WriteAsync("{\"plaintext\":\""u8.ToArray());
            var chunk = new byte[60_000];
            Array.Fill(chunk, (byte)'A');
            for (var sent = 0; sent < 960_000; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk);
            }
        }

        await stream.FlushAsync();
        await release;
    }

    protected override bool TryComputeLength(out long length)
    {
        length = tiny ? 10 : 0;
        return tiny;
    }
}
