namespace Kes.Api.Http.Routing;

/// <summary>Go's <c>path.Clean</c> as <c>net/http.ServeMux</c> applies it, keeping a trailing slash.</summary>
public static class PathCleaner
{
    /// <summary>The cleaned form of <paramref name="path"/>: no empty, <c>.</c> or <c>..</c> segments, a leading slash, and the trailing slash kept.</summary>
    public static string Clean(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0)
        {
            return "/";
        }

        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            switch (segment)
            {
                case "":
                case ".":
                    break;
                case "..":
                    if (segments.Count > 0)
                    {
                        segments.RemoveAt(segments.Count - 1);
                    }

                    break;
                default:
                    segments.Add(segment);
                    break;
            }
        }

        var cleaned = "/" + string.Join('/', segments);
        if (path.EndsWith('/') && cleaned != "/")
        {
            cleaned += "/";
        }

        return cleaned;
    }

    /// <summary>Whether <paramref name="path"/> is already clean, without allocating in the common case.</summary>
    public static bool IsClean(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length == 0 || path[0] != '/')
        {
            return false;
        }

        for (var i = 1; i < path.Length; i++)
        {
            if (path[i - 1] != '/')
            {
                continue;
            }

            // A segment starts at i: it must not be empty, "." or "..".
            var end = path.IndexOf('/', i);
            var segment = path.AsSpan(i, (end < 0 ? path.Length : end) - i);
            if ((segment.IsEmpty && end >= 0) || segment is "." or "..")
            {
                return false;
            }
        }

        return true;
    }
}
