using System.Text;
using System.Text.Json;
using Kes.Client.Errors;
using Kes.Client.Json;

namespace Kes.Client.Http;

/// <summary>Turns an error reply into a <see cref="KesClientException"/> as kms-go does (docs/api.md §4.2, docs/overview.md §4).</summary>
internal static class ErrorReply
{
    /// <summary>Reads the body (at most 1 MiB): the <c>message</c> (or <c>error</c>) field of a JSON reply, otherwise the raw text.</summary>
    public static async Task<KesClientException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using (response)
        {
            using var body = await ResponseBody.ReadAsync(response.Content, ResponseBody.DefaultLimit, cancellationToken).ConfigureAwait(false);
            var contentType = response.Content.Headers.TryGetValues("Content-Type", out var values) ? string.Join(",", values) : string.Empty;
            var message = contentType.StartsWith("application/json", StringComparison.Ordinal) ? JsonMessage(body.Span) : Encoding.UTF8.GetString(body.Span);
            return new KesClientException(KesClientError.Canonical((int)response.StatusCode, message));
        }
    }

    private static string JsonMessage(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var message = JsonFields.String(document.RootElement, "message");
            return message.Length != 0 ? message : JsonFields.String(document.RootElement, "error");
        }
        catch (JsonException)
        {
            return Encoding.UTF8.GetString(body);
        }
    }
}
