using System.Net.Http.Headers;
using System.Text.Json;

namespace Kes.Infrastructure.KeyStores.Aws;

/// <summary>Reads an AWS JSON error answer (code and message) and says whether a retry may help.</summary>
internal static class AwsErrorResponse
{
    // Codes the AWS SDKs treat as throttling or as a transient fault.
    private static readonly HashSet<string> RetryableCodes = new(StringComparer.Ordinal)
    {
        "ThrottlingException",
        "Throttling",
        "ThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "RequestThrottledException",
        "ProvisionedThroughputExceededException",
        "SlowDown",
        "PriorRequestNotComplete",
        "RequestTimeout",
        "RequestTimeoutException",
    };

    /// <summary>The error as an exception whose message is <c>&lt;code&gt;: &lt;message&gt;</c>.</summary>
    public static AwsKeyStoreException Parse(int status, HttpResponseHeaders headers, ReadOnlySpan<byte> body)
    {
        AwsErrorBody? parsed = null;
        try
        {
            parsed = JsonSerializer.Deserialize(body, SecretsManagerJson.Default.AwsErrorBody);
        }
        catch (JsonException)
        {
            // Not a JSON error (a proxy's HTML page, say): the status alone describes it.
        }

        var code = CodeFromHeader(headers) ?? CodeFromType(parsed?.Type) ?? "HTTP " + status;
        var message = string.IsNullOrWhiteSpace(parsed?.Message) ? "status " + status : parsed.Message;
        return new AwsKeyStoreException(code + ": " + message, code, status);
    }

    /// <summary>Throttling (by code or 429) and server-side failures (5xx) may pass on a later attempt.</summary>
    public static bool IsRetryable(AwsKeyStoreException error) =>
        error.StatusCode == 429 || error.StatusCode >= 500 || RetryableCodes.Contains(error.ErrorCode);

    // "x-amzn-ErrorType: Code:http://internal.amazon.com/..." carries the code on some services.
    private static string? CodeFromHeader(HttpResponseHeaders headers)
    {
        if (!headers.TryGetValues("x-amzn-ErrorType", out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            var code = (colon < 0 ? value : value[..colon]).Trim();
            if (code.Length != 0)
            {
                return code;
            }
        }

        return null;
    }

    // "__type" is the bare code or "namespace#Code".
    private static string? CodeFromType(string? type)
    {
        if (string.IsNullOrWhiteSpace(type))
        {
            return null;
        }

        var hash = type.LastIndexOf('#');
        var code = hash < 0 ? type : type[(hash + 1)..];
        return code.Length == 0 ? null : code;
    }
}
