using System.Text;

namespace Kes.Client.Http;

/// <summary>Request paths as kms-go builds them: <c>path.Join(api, url.PathEscape(arg))</c>, so an empty argument adds nothing and <c>*</c> becomes <c>%2A</c> (docs/overview.md §4).</summary>
internal static class GoPathEscape
{
    /// <summary>The route prefix (without trailing slash) joined with the escaped argument.</summary>
    public static string Join(string route, string argument)
    {
        if (argument.Length == 0)
        {
            return route;
        }

        return route + "/" + Escape(argument);
    }

    /// <summary>Go's <c>url.PathEscape</c>: unreserved characters and <c>$&amp;+:=@</c> stay, everything else is percent-encoded as UTF-8.</summary>
    public static string Escape(string segment)
    {
        var builder = new StringBuilder(segment.Length);
        foreach (var b in Encoding.UTF8.GetBytes(segment))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or '$' or '&' or '+' or ':' or '=' or '@')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(Convert.ToHexString([b]));
            }
        }

        return builder.ToString();
    }
}
