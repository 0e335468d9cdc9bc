using System.Text;

namespace Kes.Api.Http.Routing;

/// <summary>The escaping Go applies to a redirect target: <c>url.URL.String</c> for a URL with only a path and a raw query, then <c>http.Redirect</c>'s non-ASCII hex escaping and its HTML escaping for the GET body.</summary>
/// <remarks>
/// ServeMux redirects to the cleaned, percent-decoded path, so the path must be escaped again before
/// it can be a header value: <c>//v1/key/list/☰</c> goes to <c>/v1/key/list/%E2%98%B0</c>, and a
/// <c>*</c> to <c>%2A</c>, exactly as upstream sends them.
/// </remarks>
public static class GoUrlEscaping
{
    private const string UpperHex = "0123456789ABCDEF";

    /// <summary>The redirect target for a decoded <paramref name="path"/> and the request's raw <paramref name="query"/> (with or without its <c>?</c>).</summary>
    public static string Location(string path, string? query)
    {
        ArgumentNullException.ThrowIfNull(path);
        var location = new StringBuilder(path.Length + 16);
        foreach (var b in Encoding.UTF8.GetBytes(path))
        {
            if (IsPathSafe(b))
            {
                location.Append((char)b);
            }
            else
            {
                AppendEscaped(location, b);
            }
        }

        var raw = query is null ? string.Empty : query.TrimStart('?');
        if (raw.Length > 0)
        {
            location.Append('?');
            foreach (var b in Encoding.UTF8.GetBytes(raw))
            {
                if (b < 0x80)
                {
                    location.Append((char)b);
                }
                else
                {
                    AppendEscaped(location, b);
                }
            }
        }

        return location.ToString();
    }

    /// <summary>Go's <c>htmlEscape</c>: the five characters <c>&amp; &lt; &gt; " '</c>, nothing else.</summary>
    public static string HtmlEscape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text
            .Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&#34;", StringComparison.Ordinal)
            .Replace("'", "&#39;", StringComparison.Ordinal);
    }

    /// <summary>Go's <c>shouldEscape(c, encodePath)</c> inverted: unreserved characters and the path-safe reserved ones.</summary>
    private static bool IsPathSafe(byte c) =>
        c is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
            or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~'
            or (byte)'$' or (byte)'&' or (byte)'+' or (byte)',' or (byte)'/' or (byte)':' or (byte)';' or (byte)'=' or (byte)'@';

    private static void AppendEscaped(StringBuilder text, byte b) => text.Append('%').Append(UpperHex[b >> 4]).Append(UpperHex[b & 15]);
}
