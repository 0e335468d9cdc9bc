using Kes.Domain.Logs;
using System.Globalization;
using System.Text;
using Kes.Application.Requests;

namespace Kes.Application.Logs;

/// <summary>Formats records the way Go's slog text handler does: <c>time=… level=… msg=… key=value …</c>.</summary>
public static class SlogText
{
    /// <summary>One record without a trailing newline.</summary>
    public static string Format(DateTimeOffset time, int level, string message, RequestContext? context, string? extra = null)
    {
        var text = new StringBuilder(160);
        text.Append("time=").Append(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        text.Append(" level=").Append(SlogLevels.Format(level));
        text.Append(" msg=");
        AppendValue(text, message);
        if (context is { } request)
        {
            text.Append(" req.method=");
            AppendValue(text, request.Method);
            text.Append(" req.path=");
            AppendValue(text, request.Path);
            if (request.RemoteAddress is not null)
            {
                text.Append(" req.ip=").Append(request.RemoteAddress);
            }

            if (!request.Identity.IsEmpty)
            {
                text.Append(" req.identity=");
                AppendValue(text, request.Identity.Value);
            }
        }

        if (extra is not null)
        {
            text.Append(' ').Append(extra);
        }

        return text.ToString();
    }

    private static void AppendValue(StringBuilder text, string value)
    {
        if (NeedsQuotes(value))
        {
            text.Append('"');
            foreach (var c in value)
            {
                _ = c switch
                {
                    '"' => text.Append("\\\""),
                    '\\' => text.Append("\\\\"),
                    '\n' => text.Append("\\n"),
                    '\r' => text.Append("\\r"),
                    '\t' => text.Append("\\t"),
                    < ' ' => text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                    _ => text.Append(c),
                };
            }

            text.Append('"');
        }
        else
        {
            text.Append(value);
        }
    }

    private static bool NeedsQuotes(string value)
    {
        if (value.Length == 0)
        {
            return true;
        }

        foreach (var c in value)
        {
            if (c is ' ' or '=' or '"' or '\\' || char.IsControl(c) || c > 0x7e)
            {
                return true;
            }
        }

        return false;
    }
}
