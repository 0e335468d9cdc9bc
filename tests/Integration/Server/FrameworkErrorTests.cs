using System.Net.Security;
using Kes.Api.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kes.IntegrationTests.Server;

/// <summary>The running server's logging, the one Kestrel logs through, writes framework errors to the error log and nothing else of the framework (docs/config.md §4.7).</summary>
public sealed class FrameworkErrorTests
{
    [Fact]
    public async Task Kestrel_errors_are_error_records_and_its_other_events_are_not_written()
    {
        await using var server = await KesTestServer.StartAsync();
        var kestrel = server.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Server.Kestrel");
        Assert.False(kestrel.IsEnabled(LogLevel.Warning));
        Assert.False(server.Services.GetRequiredService<ILoggerFactory>().CreateLogger(FrameworkErrorLog.PerRequestCategory).IsEnabled(LogLevel.Critical), "the hosting layer would trace every request");

        kestrel.Log(LogLevel.Warning, default, "the heartbeat has been running for 2 s", null, static (text, _) => text);
        kestrel.Log(LogLevel.Error, default, "Unhandled exception while processing 0HN7.", new InvalidOperationException("a middleware failed"), static (text, _) => text);
        var answered = await server.Admin().GetAsync("/version");
        Assert.Equal(200, (int)answered.StatusCode);

        var records = server.Stderr.ToString().Split('\n').Where(line => line.Contains("msg=\"Microsoft.", StringComparison.Ordinal)).ToArray();
        Assert.Contains("level=ERROR msg=\"Microsoft.AspNetCore.Server.Kestrel: Unhandled exception while processing 0HN7.: System.InvalidOperationException: a middleware failed\"", Assert.Single(records), StringComparison.Ordinal);
    }

    /// <remarks>
    /// End to end, against this Kestrel: the route turns these into its own answers or Kestrel treats them as aborted,
    /// so no framework error is logged at all; the ended-early filter for when Kestrel does log one is the unit test's.
    /// </remarks>
    [Fact]
    public async Task Clients_that_give_up_partway_through_a_body_leave_no_framework_record()
    {
        await using var server = await KesTestServer.StartAsync();
        var admin = server.Admin();
        Assert.Equal(200, (int)(await admin.PostAsync("/v1/key/create/reset", null)).StatusCode);

        // HTTP/2: streams reset (CANCEL) after 8 of their 64 bytes, then the connection closed under them.
        await using (var tls = await RawHttp.ConnectAsync(server, server.Identities.Admin, SslApplicationProtocol.Http2))
        {
            var output = new List<byte>(Http2Frames.Preface);
            output.AddRange(Http2Frames.Frame(0x4, 0, 0, []));
            var request = Http2Frames.HeaderBlock((":method", "POST"), (":scheme", "https"), (":path", "/v1/key/generate/reset"), (":authority", "localhost"), ("content-length", "64"));
            for (var stream = 1; stream <= 40; stream += 2)
            {
                output.AddRange(Http2Frames.Frame(0x1, 0x4, stream, request));
                output.AddRange(Http2Frames.Frame(0x0, 0, stream, "{\"contex"u8.ToArray()));
                if (stream <= 20)
                {
                    output.AddRange(Http2Frames.Frame(0x3, 0, stream, [0, 0, 0, 0x8]));
                }
            }

            await tls.WriteAsync(output.ToArray());
            await tls.FlushAsync();
            await Task.Delay(200);
        }

        // HTTP/1.1: connections closed partway through the body.
        for (var i = 0; i < 10; i++)
        {
            await using var tls = await RawHttp.ConnectAsync(server, server.Identities.Admin, SslApplicationProtocol.Http11);
            await tls.WriteAsync("POST /v1/key/generate/reset HTTP/1.1\r\nHost: localhost\r\nContent-Length: 64\r\n\r\n{\"contex"u8.ToArray());
            await tls.FlushAsync();
        }

        await Task.Delay(500);
        Assert.Equal(200, (int)(await admin.PostAsync("/v1/key/generate/reset", new StringContent("{}"))).StatusCode);
        Assert.DoesNotContain("msg=\"Microsoft.", server.Stderr.ToString(), StringComparison.Ordinal);
    }
}
