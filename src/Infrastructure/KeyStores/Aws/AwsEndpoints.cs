using System.Buffers;

namespace Kes.Infrastructure.KeyStores.Aws;

/// <summary>Checks the configured region and endpoints and turns them into URLs (docs/keystores.md §6.1).</summary>
internal static class AwsEndpoints
{
    /// <summary>The start of every configuration error, as upstream's config loader words it.</summary>
    public const string ConfigError = "kesconf: invalid AWS secretsmanager keystore: ";

    private static readonly SearchValues<char> RegionCharacters = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    /// <summary>Rejects an empty region, or one that could not be part of a SigV4 credential scope.</summary>
    public static void CheckRegion(string region)
    {
        if (string.IsNullOrWhiteSpace(region))
        {
            throw new AwsKeyStoreException(ConfigError + "no region specified");
        }

        if (region.AsSpan().ContainsAnyExcept(RegionCharacters))
        {
            throw new AwsKeyStoreException(ConfigError + $"region '{region}' is not a valid AWS region name");
        }
    }

    /// <summary>The Secrets Manager URL: the configured endpoint with <c>https://</c> added when it has no scheme.</summary>
    public static Uri SecretsManager(string endpoint)
    {
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            throw new AwsKeyStoreException(ConfigError + "no endpoint specified");
        }

        return Parse(endpoint, "endpoint");
    }

    /// <summary>The KMS URL, or null for the SDK's regional KMS endpoint.</summary>
    /// <remarks>
    /// Emulators (LocalStack, moto) serve KMS on the Secrets Manager port, so a non-AWS endpoint is used
    /// for both; next to a real AWS endpoint the regional KMS endpoint is the one to use.
    /// </remarks>
    public static Uri? Kms(string? kmsEndpoint, Uri secretsManager)
    {
        if (!string.IsNullOrWhiteSpace(kmsEndpoint))
        {
            return Parse(kmsEndpoint, "KMS endpoint");
        }

        return IsAwsHost(secretsManager) ? null : secretsManager;
    }

    private static bool IsAwsHost(Uri uri) =>
        uri.Host.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase)
        || uri.Host.EndsWith(".amazonaws.com.cn", StringComparison.OrdinalIgnoreCase)
        || uri.Host.EndsWith(".api.aws", StringComparison.OrdinalIgnoreCase);

    private static Uri Parse(string text, string field)
    {
        var trimmed = text.Trim();
        var hasScheme = trimmed.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
        var candidate = hasScheme ? trimmed : "https://" + trimmed;

        // The JSON protocol posts to "/": a path, query or user info would be silently dropped, so refuse it.
        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri)
            || uri.Host.Length == 0
            || uri.AbsolutePath != "/"
            || uri.Query.Length != 0
            || uri.Fragment.Length != 0
            || uri.UserInfo.Length != 0)
        {
            throw new AwsKeyStoreException(ConfigError + $"{field} '{text}' is not a valid URL");
        }

        return uri;
    }
}
