namespace Kes.Client.Http;

/// <summary>Server endpoints as the <c>kes</c> CLI and kms-go take them (docs/cli.md §2.2): a comma list whose elements become <c>https://host:port</c>.</summary>
public static class KesEndpoint
{
    /// <summary>The port KES listens on by default.</summary>
    public const int DefaultPort = 7373;

    /// <summary>Splits <paramref name="value"/> on commas, trims each element, strips a leading <c>http://</c> and prefixes <c>https://</c> where missing.</summary>
    /// <exception cref="FormatException">An element is not a valid host[:port].</exception>
    public static IReadOnlyList<Uri> ParseList(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var endpoints = new List<Uri>();
        foreach (var part in value.Split(','))
        {
            var element = part.Trim();
            if (element.Length == 0)
            {
                continue;
            }

            endpoints.Add(Parse(element));
        }

        return endpoints;
    }

    /// <summary>One endpoint, normalised to HTTPS.</summary>
    /// <exception cref="FormatException">Not a valid host[:port].</exception>
    public static Uri Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var element = value.Trim();
        if (element.StartsWith("http://", StringComparison.Ordinal))
        {
            element = element["http://".Length..];
        }

        if (!element.StartsWith("https://", StringComparison.Ordinal))
        {
            element = "https://" + element;
        }

        if (!Uri.TryCreate(element, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw new FormatException($"invalid server endpoint '{value}'");
        }

        return new Uri(uri.GetLeftPart(UriPartial.Authority));
    }
}
