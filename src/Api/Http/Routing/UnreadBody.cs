using Microsoft.AspNetCore.Http.Features;

namespace Kes.Api.Http.Routing;

/// <summary>
/// Reads and discards what a route left of an HTTP/2 request body, so the stream ends as an HTTP/1.1
/// exchange does instead of with a reset after the response (docs/api.md §1).
/// </summary>
public static class UnreadBody
{
    /// <summary>The most a route's unread body is drained; beyond it Kestrel resets the stream, as before.</summary>
    public const long MaxDrained = 8L << 20;

    /// <summary>Drains the rest of the body of an HTTP/2 request, at most <see cref="MaxDrained"/> bytes; the common case (body read or absent) costs no I/O.</summary>
    public static ValueTask DrainAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!HttpProtocol.IsHttp2(http.Request.Protocol) || http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != true)
        {
            return ValueTask.CompletedTask;
        }

        var reader = http.Request.BodyReader;
        if (reader.TryRead(out var result))
        {
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return ValueTask.CompletedTask;
            }
        }

        return DrainSlowAsync(http, result.Buffer.Length);
    }

    private static async ValueTask DrainSlowAsync(HttpContext http, long drained)
    {
        var reader = http.Request.BodyReader;
        try
        {
            while (drained <= MaxDrained)
            {
                var result = await reader.ReadAsync(http.RequestAborted).ConfigureAwait(false);
                drained += result.Buffer.Length;
                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or BadHttpRequestException or InvalidOperationException)
        {
            // The client went away, or the body was already given up: Kestrel ends the stream as it would have.
        }
    }
}
