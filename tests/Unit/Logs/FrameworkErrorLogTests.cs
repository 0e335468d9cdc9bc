using Kes.Api.Hosting;
using Kes.Application.Logs;
using Kes.Domain.Logs;
using Kes.UnitTests.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Kes.UnitTests.Logs;

/// <summary>Framework errors reach the error log through a real <see cref="LoggerFactory"/>, capped per minute (docs/config.md §4.7).</summary>
public sealed class FrameworkErrorLogTests : IDisposable
{
    private readonly StringWriter _console = new();
    private readonly FakeTimeProvider _time = new();
    /// <summary>Kestrel's event id for an exception thrown by the application.</summary>
    private const int ApplicationError = 13;

    private readonly ILoggerFactory _factory;
    private readonly ILogger _kestrel;

    public FrameworkErrorLogTests()
    {
        _factory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Error)
            .AddProvider(new FrameworkErrorLog(new ErrorLog(_console, TestState.WithErrorLogLevel(SlogLevels.Info), _time), _time)));
        _kestrel = _factory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel");
    }

    public void Dispose()
    {
        _factory.Dispose();
        _console.Dispose();
    }

    private string[] Records => _console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void An_error_is_written_with_its_category_and_exception_and_nothing_below_error_is()
    {
        Log(LogLevel.Warning, "heartbeat slow");
        Log(LogLevel.Information, "connection closed");
        Log(LogLevel.Error, "Unhandled exception while processing 0HN1.", new InvalidOperationException("middleware failed"));
        Log(LogLevel.Critical, "application never completed");

        Assert.Collection(
            Records,
            record => Assert.Contains("level=ERROR msg=\"Microsoft.AspNetCore.Server.Kestrel: Unhandled exception while processing 0HN1.: System.InvalidOperationException: middleware failed\"", record, StringComparison.Ordinal),
            record => Assert.Contains("level=ERROR msg=\"Microsoft.AspNetCore.Server.Kestrel: application never completed\"", record, StringComparison.Ordinal));
    }

    [Fact]
    public void The_generic_host_s_errors_are_left_to_the_CLI()
    {
        _factory.CreateLogger("Microsoft.Extensions.Hosting.Internal.Host").Log(LogLevel.Error, default, "Hosting failed to start", new IOException("address in use"), static (text, _) => text);
        Assert.Empty(Records);
    }

    [Fact]
    public void A_request_that_ended_early_is_not_an_error_but_any_other_application_error_is()
    {
        const string Message = "An unhandled exception was thrown by the application.";
        Log(LogLevel.Error, Message, new IOException("The client reset the request stream."), ApplicationError);
        Log(LogLevel.Error, Message, new OperationCanceledException(), ApplicationError);
        Log(LogLevel.Error, Message, new BadHttpRequestException("Unexpected end of request content."), ApplicationError);
        Assert.Empty(Records);

        Log(LogLevel.Error, Message, new ObjectDisposedException("deadline"), ApplicationError);
        Assert.Contains("System.ObjectDisposedException", Assert.Single(Records), StringComparison.Ordinal);

        // The event id is Kestrel's; another category's event 13 is written whatever its exception.
        _factory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel.Https").Log(LogLevel.Error, new EventId(ApplicationError), "handshake layer failed", new IOException("broken"), static (text, _) => text);
        Assert.Contains("Microsoft.AspNetCore.Server.Kestrel.Https: handshake layer failed: System.IO.IOException: broken", Records[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void At_most_ten_a_minute_and_the_next_window_says_how_many_were_not_written()
    {
        for (var i = 0; i < FrameworkErrorLog.PerWindow + 5; i++)
        {
            Log(LogLevel.Error, $"failure {i}");
        }

        Assert.Equal(FrameworkErrorLog.PerWindow, Records.Length);
        Assert.Contains("failure 9\"", Records[^1], StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromSeconds(59));
        Log(LogLevel.Error, "failure late");
        Assert.Equal(FrameworkErrorLog.PerWindow, Records.Length);

        _time.Advance(TimeSpan.FromSeconds(1));
        Log(LogLevel.Error, "failure after");
        Assert.Equal(FrameworkErrorLog.PerWindow + 2, Records.Length);
        Assert.Contains("msg=\"6 more errors of the HTTP server were not written (at most 10 a minute)\"", Records[^2], StringComparison.Ordinal);
        Assert.Contains("failure after", Records[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_that_cannot_be_formatted_is_lost_without_throwing_into_the_caller()
    {
        _kestrel.Log<string>(LogLevel.Error, default, "state", null, static (_, _) => throw new FormatException("bad template"));
        Log(LogLevel.Error, "the next one");
        Assert.Contains("the next one", Assert.Single(Records), StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_record_is_cut_at_16_KiB()
    {
        Log(LogLevel.Error, "failure", new InvalidOperationException(new string('x', 40_000)));
        var record = Assert.Single(Records);
        Assert.InRange(record.Length, 16 * 1024, (16 * 1024) + 200);
        Assert.Contains("…\"", record, StringComparison.Ordinal);
    }

    private void Log(LogLevel level, string message, Exception? exception = null, int eventId = 0) =>
        _kestrel.Log(level, new EventId(eventId), message, exception, static (text, _) => text);
}
