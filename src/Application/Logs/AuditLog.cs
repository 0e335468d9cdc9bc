using Kes.Domain.Logs;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Kes.Application.Json;
using Kes.Application.Requests;
using Kes.Domain.Keys;

namespace Kes.Application.Logs;

/// <summary>The audit log: every API request (docs/COMPATIBILITY.md D1b) with identity, path, status and latency; never key material or bodies.</summary>
public sealed class AuditLog(TextWriter console, TimeProvider time)
{
    private readonly AuditWriter _console = new(console);

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
            var extra = string.Create(CultureInfo.InvariantCulture, $"res.code={status} res.time={FormatGoDuration(elapsed)}");
            var line = SlogText.Format(now, SlogLevels.Info, message ?? "request", context, extra);
            _console.WriteLine(line);
        }

        if (Stream.HasSubscribers)
        {
            Stream.Publish(FormatJson(now, context, status, elapsed));
        }
    }

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

    /// <summary>Go's <c>time.Duration.String</c> for sub-minute values, e.g. <c>898.998µs</c> or <c>1.5ms</c>.</summary>
    private static string FormatGoDuration(TimeSpan elapsed)
    {
        var nanos = elapsed.Ticks * 100;
        return nanos switch
        {
            0 => "0s",
            < 1_000 => string.Create(CultureInfo.InvariantCulture, $"{nanos}ns"),
            < 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{nanos / 1e3:0.###}µs"),
            < 1_000_000_000 => string.Create(CultureInfo.InvariantCulture, $"{nanos / 1e6:0.######}ms"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{nanos / 1e9:0.#########}s"),
        };
    }
}
