using Kes.Domain.Logs;
using System.Buffers;
using System.Text;
using Kes.Application.Requests;

namespace Kes.Application.Logs;

/// <summary>Formats records the way Go's slog text handler does: <c>time=… level=… msg=… key=value …</c>.</summary>
public static class SlogText
{
    private static readonly SearchValues<char> Bare = SearchValues.Create(
        "!#$%&'()*+,-./0123456789:;<>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>One record without a trailing newline.</summary>
    public static string Format(DateTimeOffset time, int level, string message, RequestContext? context)
    {
        var line = new Utf8LineBuilder(stackalloc byte[256]);
        try
        {
            Append(ref line, time, level, message, context);
            return Encoding.UTF8.GetString(line.Written);
        }
        finally
        {
            line.Dispose();
        }
    }

    /// <summary>Appends one record, without a trailing newline, as UTF-8.</summary>
    public static void Append(ref Utf8LineBuilder line, DateTimeOffset time, int level, string message, RequestContext? context)
    {
        line.Append("time="u8);
        AppendTime(ref line, time.UtcDateTime);
        line.Append(" level="u8);
        line.AppendText(SlogLevels.Format(level));
        line.Append(" msg="u8);
        AppendValue(ref line, message);
        if (context is { } request)
        {
            line.Append(" req.method="u8);
            AppendValue(ref line, request.Method);
            line.Append(" req.path="u8);
            AppendValue(ref line, request.Path);
            if (request.RemoteAddress is { } address)
            {
                line.Append(" req.ip="u8);
                line.AppendFormatted(address);
            }

            if (!request.Identity.IsEmpty)
            {
                line.Append(" req.identity="u8);
                AppendValue(ref line, request.Identity.Value);
            }
        }
    }

    /// <summary>A value as slog writes it: bare when it can be, else quoted with Go's escapes.</summary>
    private static void AppendValue(ref Utf8LineBuilder line, string value)
    {
        if (!NeedsQuotes(value))
        {
            line.AppendText(value);
            return;
        }

        line.Append((byte)'"');
        var run = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var escape = value[i] switch
            {
                '"' => "\\\""u8,
                '\\' => "\\\\"u8,
                '\n' => "\\n"u8,
                '\r' => "\\r"u8,
                '\t' => "\\t"u8,
                _ => default,
            };
            if (escape.IsEmpty && value[i] >= ' ')
            {
                continue;
            }

            line.AppendText(value.AsSpan(run, i - run));
            run = i + 1;
            if (escape.IsEmpty)
            {
                line.Append("\\u00"u8);
                line.AppendFormatted((int)value[i], "x2");
            }
            else
            {
                line.Append(escape);
            }
        }

        line.AppendText(value.AsSpan(run));
        line.Append((byte)'"');
    }

    /// <summary>RFC 3339 in UTC with milliseconds, <c>2006-01-02T15:04:05.000Z</c>, as slog's text handler writes it.</summary>
    private static void AppendTime(ref Utf8LineBuilder line, DateTime utc)
    {
        // The round-trip form is the one the runtime formats without parsing a pattern: its first 23
        // characters are this one's, to the millisecond, truncated as Go truncates.
        Span<byte> roundTrip = stackalloc byte[33];
        utc.TryFormat(roundTrip, out _, "O", null);
        line.Append(roundTrip[..23]);
        line.Append((byte)'Z');
    }

    /// <summary>Bare when every character is printable ASCII other than space, <c>=</c>, <c>"</c> and <c>\</c>; checked as one vectorized scan, since every audit record checks its path and identity.</summary>
    private static bool NeedsQuotes(string value) => value.Length == 0 || value.AsSpan().ContainsAnyExcept(Bare);
}
