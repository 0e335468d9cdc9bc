using Kes.Api.Http.Routing;
using Kes.Application.Logs;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kes.Api.Hosting;

/// <summary>
/// The server's one logging provider: what Kestrel and the rest of ASP.NET Core log as an error goes to the error log, at most
/// <see cref="PerWindow"/> records a minute (docs/config.md §4.7).
/// </summary>
/// <remarks>
/// The server's own code writes to <see cref="ErrorLog"/> directly, so what arrives here is a failure it could not see:
/// in a connection middleware, in the router's cleanup after a reply, in Kestrel itself. Everything below error stays
/// off. A request that ended early (the client went away, the deadline aborted it) reaches Kestrel as an application
/// error when the router leaves it to Kestrel; that is the client's doing and is not written. The cap keeps a failure
/// that repeats on every connection from flooding the log.
/// </remarks>
public sealed class FrameworkErrorLog(ErrorLog errors, TimeProvider time) : ILoggerProvider
{
    /// <summary>The categories written: Kestrel's and the rest of ASP.NET Core's.</summary>
    public const string Categories = "Microsoft.AspNetCore.";

    /// <summary>The hosting layer's per-request category, kept off: it has no errors of its own to write, and on it costs every request.</summary>
    public const string PerRequestCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>Records written per minute at most.</summary>
    public const int PerWindow = 10;

    /// <summary>Kestrel's category.</summary>
    private const string Kestrel = "Microsoft.AspNetCore.Server.Kestrel";

    /// <summary>Kestrel's event id for an exception thrown by the application.</summary>
    private const int ApplicationError = 13;

    private const int LoggedErrorLength = 16 * 1024;

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private long _windowStart;
    private int _written;
    private int _dropped;

    /// <inheritdoc/>
    /// <remarks>The generic host's own errors are left out: a failure to start is the CLI's error line already, without a stack.</remarks>
    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith(Categories, StringComparison.Ordinal) ? new CategoryLogger(this, categoryName) : NullLogger.Instance;

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private void Write(string category, EventId eventId, string message, Exception? exception)
    {
        if (category == Kestrel && eventId.Id == ApplicationError && exception is not null && KesRouter.EndedEarly(exception))
        {
            return;
        }

        int dropped;
        lock (_gate)
        {
            var now = time.GetTimestamp();
            dropped = 0;
            if (_written == 0 || time.GetElapsedTime(_windowStart, now) >= Window)
            {
                (dropped, _windowStart, _written, _dropped) = (_dropped, now, 0, 0);
            }

            if (_written == PerWindow)
            {
                _dropped++;
                return;
            }

            _written++;
        }

        if (dropped > 0)
        {
            errors.Error($"{dropped} more errors of the HTTP server were not written (at most {PerWindow} a minute)");
        }

        errors.Error(KesRouter.Shortened($"{category}: {message}{(exception is null ? "" : ": " + exception)}", LoggedErrorLength));
    }

    /// <summary>A logger for one category; it lets only errors through.</summary>
    private sealed class CategoryLogger(FrameworkErrorLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel is LogLevel.Error or LogLevel.Critical;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            // A logger must not throw into Kestrel's own error handling; a record that cannot be written is lost.
            try
            {
                owner.Write(category, eventId, formatter(state, exception), exception);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
            }
        }
    }
}
