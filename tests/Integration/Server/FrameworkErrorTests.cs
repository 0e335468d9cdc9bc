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
}
