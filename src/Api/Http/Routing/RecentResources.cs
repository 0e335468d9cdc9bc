namespace Kes.Api.Http.Routing;

/// <summary>The resource strings (key names) of this thread's recent requests, handed out again when a request names the same resource.</summary>
/// <remarks>
/// MinIO asks for the same few keys over and over; without this, cutting the name out of the path
/// would be the router's one allocation per request. A name is a public path segment, never a secret.
/// </remarks>
internal static class RecentResources
{
    private const int Slots = 16;

    [ThreadStatic]
    private static string?[]? t_names;

    /// <summary><paramref name="resource"/> as a string, from this thread's cache when it was seen lately.</summary>
    public static string Get(ReadOnlySpan<char> resource)
    {
        if (resource.IsEmpty)
        {
            return string.Empty;
        }

        var names = t_names ??= new string?[Slots];
        var slot = (int)((uint)string.GetHashCode(resource, StringComparison.Ordinal) % Slots);
        var cached = names[slot];
        if (cached is not null && resource.SequenceEqual(cached))
        {
            return cached;
        }

        var name = resource.ToString();
        names[slot] = name;
        return name;
    }
}
