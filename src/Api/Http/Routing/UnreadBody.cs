using Kes.Api.Http.Buffers;
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

    /// <summary>
    /// Drains the rest of the body of an HTTP/2 request, at most <see cref="MaxDrained"/> bytes; the common case
    /// (body read or absent) costs no I/O. A body still arriving is waited for under the <paramref name="bodies"/>
    /// budget, as a body being read is; with none left, or none given (a refused caller, a route without a deadline,
    /// a body the budget already refused), it gets <see cref="BodyBudget.Grace"/> to end, after which Kestrel resets
    /// the stream behind the reply, so that nobody can hold streams the budget does not pay for.
    /// </summary>
    public static ValueTask DrainAsync(HttpContext http, BodyBudget? bodies)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!HttpProtocol.IsHttp2(http.Request.Protocol) || http.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != true)
        {
            return ValueTask.CompletedTask;
        }

        var reader = http.Request.BodyReader;
        long drained = 0;
        try
        {
            if (reader.TryRead(out var result))
            {
                drained = result.Buffer.Length;
                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return ValueTask.CompletedTask;
                }
            }
        }
        catch (Exception e) when (EndsTheBody(e))
        {
            return ValueTask.CompletedTask;
        }

        return DrainSlowAsync(http, drained, bodies);
    }

    private static async ValueTask DrainSlowAsync(HttpContext http, long drained, BodyBudget? bodies)
    {
        var reader = http.Request.BodyReader;
        var charged = bodies?.TryTake(BodyBudget.StreamCost) == true;
        using var grace = charged ? null : CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        grace?.CancelAfter(BodyBudget.Grace);
        try
        {
            while (drained <= MaxDrained)
            {
                var result = await reader.ReadAsync(grace?.Token ?? http.RequestAborted).ConfigureAwait(false);
                drained += result.Buffer.Length;
                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (EndsTheBody(e))
        {
            // Kestrel ends the stream.
        }
        finally
        {
            if (charged)
            {
                bodies!.Give(BodyBudget.StreamCost);
            }
        }
    }

    /// <summary>What a request's body reader throws once the request is over: the client went away, the body was already given up, or its grace ran out.</summary>
    internal static bool EndsTheBody(Exception e) => e is IOException or OperationCanceledException or BadHttpRequestException or InvalidOperationException;
}
