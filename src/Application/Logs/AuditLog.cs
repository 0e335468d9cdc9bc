using Kes.Domain.Time;
using Kes.Domain.Logs;
using System.Buffers;
using System.Text;
using System.Text.Json;
using Kes.Application.Json;
using Kes.Application.Requests;
using Kes.Domain.Keys;

namespace Kes.Application.Logs;

/// <summary>The audit log: every API request (docs/COMPATIBILITY.md D1b) with identity, path, status and latency; never key material or bodies.</summary>
/// <param name="console">Where records go (the process's stdout).</param>
/// <param name="time">The clock of the timestamps and latencies.</param>
/// <param name="reportLoss">Told when the console fails and records are lost (the server's error log).</param>
public sealed class AuditLog(TextWriter console, TimeProvider time, Action<string>? reportLoss = null) : IDisposable
{
    private readonly AuditWriter _console = new(console, reportLoss);

    /// <summary>The stream behind <c>/v1/log/audit</c>; its lines are the upstream JSON audit records.</summary>
    public LogBroadcast Stream { get; } = new();

    /// <summary>Records one answered request.</summary>
    /// <param name="context">The request, whose state sets the audit level.</param>
    /// <param name="status">The HTTP status sent.</param>
    /// <param name="message">The event text for create/import/delete, or null.</param>
    public void Record(RequestContext context, int status, string? message)
    {
        var now = time.GetUtcNow();
        var elapsed = time.GetElapsedTime(context.StartTimestamp);
        // Records reach the console when the request's configuration sets the audit level at or below INFO.
        if (context.State.AuditLogLevel <= SlogLevels.Info)
        {
            var line = new Utf8LineBuilder(stackalloc byte[512]);
            try
            {
                SlogText.Append(ref line, now, SlogLevels.Info, message ?? "request", context);
                line.Append(" res.code="u8);
                line.AppendFormatted(status);
                line.Append(" res.time="u8);
                Span<char> duration = stackalloc char[GoDuration.FormattedMax];
                // Saturated rather than refused: a clock that jumped must not cost the request its record.
                var nanoseconds = Math.Clamp(elapsed.Ticks, long.MinValue / TimeSpan.NanosecondsPerTick, long.MaxValue / TimeSpan.NanosecondsPerTick) * TimeSpan.NanosecondsPerTick;
                line.AppendText(duration[..GoDuration.Format(nanoseconds, duration)]);
                _console.WriteLine(line.Written);
            }
            finally
            {
                line.Dispose();
            }
        }

        if (Stream.HasSubscribers)
        {
            Stream.Publish(FormatJson(now, context, status, elapsed));
        }
    }

    /// <summary>Writes every record queued so far to the console; the host calls it once requests have stopped.</summary>
    public void Flush() => _console.Flush();

    /// <summary>Writes every record queued and stops the writer's timer.</summary>
    public void Dispose() => _console.Dispose();

    private static string FormatJson(DateTimeOffset now, RequestContext context, int status, TimeSpan elapsed)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, GoJson.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("time", KesTimestamp.FromDateTime(now.UtcDateTime).ToRfc3339());
            json.WriteStartObject("request");
            if (context.RemoteAddress is not null)
            {
                json.WriteString("ip", context.RemoteAddress.ToString());
            }

            json.WriteString("path", context.Path);
            if (!context.Identity.IsEmpty)
            {
                json.WriteString("identity", context.Identity.Value);
            }

            json.WriteEndObject();
            json.WriteStartObject("response");
            json.WriteNumber("code", status);
            json.WriteNumber("time", (long)elapsed.TotalMilliseconds);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
