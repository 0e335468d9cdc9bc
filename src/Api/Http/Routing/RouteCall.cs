using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using Kes.Api.Http.Buffers;
using Kes.Application.Requests;
using Kes.Domain.Errors;

namespace Kes.Api.Http.Routing;

/// <summary>One routed request on its way to the mediator: the HTTP context, the KES request context and the resource.</summary>
/// <remarks>A value, so that routing allocates nothing of its own.</remarks>
public readonly struct RouteCall(HttpContext http, Mediator.Mediator mediator, Route route, RequestContext context, string resource, BodyBudget bodies)
{
    /// <summary>The HTTP exchange.</summary>
    public HttpContext Http { get; } = http;

    /// <summary>The mediator to send the request to: the generated class, whose overload per request type takes value-type requests without boxing them.</summary>
    public Mediator.Mediator Mediator { get; } = mediator;

    /// <summary>The matched route.</summary>
    public Route Route { get; } = route;

    /// <summary>Who asked what.</summary>
    public RequestContext Context { get; } = context;

    /// <summary>The path after a subtree route's prefix (percent-decoded); empty for exact routes.</summary>
    public string Resource { get; } = resource;

    /// <summary>
    /// Whether Go would see a body length other than 0: a request with neither <c>Content-Length</c> nor
    /// a body (<c>curl -X POST</c>, an HTTP/2 HEADERS frame that ends the stream) has length 0 there (docs/api.md §4.4).
    /// </summary>
    public bool DeclaresBody => Http.Request.ContentLength is { } length
        ? length != 0
        : Http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false;

    /// <summary>Reads the body under the route's limit (docs/api.md §3 step 4): at most min(Content-Length, MaxBody) bytes, and none for a caller the policy refuses.</summary>
    /// <returns>A rented buffer and the byte count; return the buffer with <see cref="SecretBuffers.Return"/>.</returns>
    public async ValueTask<(byte[] Buffer, int Length)> ReadBodyAsync()
    {
        var limit = Route.MaxBody;
        var declared = Http.Request.ContentLength;
        if (declared is { } length && length < limit)
        {
            limit = length;
        }

        // A caller the policy refuses gets its 403 from the authorization step without its body being held:
        // the router drains it afterwards without keeping it (docs/api.md §3 step 4).
        if (limit <= 0 || !Context.IsAuthorized)
        {
            return ([], 0);
        }

        // The body is read from Kestrel's own pipe, not through a Stream copy, so that each segment can be
        // cleared before it goes back to Kestrel's pool: an imported key or a plaintext must not outlive the
        // request there (issue 17).
        var reader = Http.Request.BodyReader;
        try
        {
            if (reader.TryRead(out var arrived))
            {
                // A body that has all arrived (MinIO's, in the DATA frame that follows its headers) waits on nobody:
                // it is copied and let go within the request's own work, outside the budget.
                if (arrived.IsCompleted || arrived.Buffer.Length >= limit)
                {
                    return Copy(reader, arrived.Buffer.Slice(0, Math.Min(arrived.Buffer.Length, limit)));
                }

                // Nothing consumed or examined: the loop below reads the same bytes again at once.
                reader.AdvanceTo(arrived.Buffer.Start);
            }
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException)
        {
            // A broken or malformed body is the client's mistake: the decoder answers it as an empty one.
            return ([], 0);
        }

        return await ReadArrivingAsync(reader, limit).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads a body still arriving under the budget. A body that finds the budget spent gets
    /// <see cref="BodyBudget.Grace"/> to arrive whole, uncounted, in a buffer sized to what has arrived and at most
    /// <see cref="SecretBuffers.MaxPooled"/>: an honest client's DATA frames are at most a round trip behind its
    /// headers, while a stream that holds its body back, or a large body that would need more, is answered 503. The
    /// grace is ended with <see cref="PipeReader.CancelPendingRead"/>, not a token: Kestrel's HTTP/1.1 body reader
    /// stays marked as reading after a cancelled token.
    /// </summary>
    private async ValueTask<(byte[] Buffer, int Length)> ReadArrivingAsync(PipeReader reader, long limit)
    {
        var counted = (int)Math.Min(limit, SecretBuffers.MaxPooled);
        var charged = bodies.TryTake(counted + BodyBudget.StreamCost);
        using var grace = charged ? null : new CancellationTokenSource(BodyBudget.Grace);
        using var expiry = grace?.Token.UnsafeRegister(static r => EndGrace((PipeReader)r!), reader);
        var buffer = Array.Empty<byte>();
        var total = 0;
        try
        {
            if (charged)
            {
                buffer = SecretBuffers.Rent(counted);
            }

            while (total < limit)
            {
                var result = await reader.ReadAsync(Http.RequestAborted).ConfigureAwait(false);
                var taken = result.Buffer.Slice(0, Math.Min(result.Buffer.Length, limit - total));
                if (result.IsCanceled && grace is { IsCancellationRequested: true })
                {
                    reader.AdvanceTo(result.Buffer.Start);
                    throw new KesException(KesError.TooManyBodies);
                }

                if (total + taken.Length > buffer.Length)
                {
                    // Under the budget the buffer doubles; in the grace it holds just what has arrived, up to 64 KiB.
                    var wanted = total + (int)taken.Length;
                    var size = charged ? (int)Math.Min(limit, Math.Max(wanted, (long)buffer.Length * 2)) : wanted;
                    if (charged ? !bodies.TryTake(size - counted) : wanted > SecretBuffers.MaxPooled)
                    {
                        // Nothing of this read is taken, so the rest of the body can be drained after the answer.
                        reader.AdvanceTo(result.Buffer.Start);
                        throw new KesException(KesError.TooManyBodies);
                    }

                    if (charged)
                    {
                        counted = size;
                    }

                    var larger = SecretBuffers.Rent(size);
                    buffer.AsSpan(0, total).CopyTo(larger);
                    SecretBuffers.Return(buffer, total);
                    buffer = larger;
                }

                total += Take(reader, taken, buffer.AsSpan(total));
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException)
        {
            // A broken or malformed body is the client's mistake: decode what arrived and let the decoder complain.
        }
        catch
        {
            // Refused or aborted: what arrived is cleared before the array goes back.
            SecretBuffers.Return(buffer, total);
            throw;
        }
        finally
        {
            // The budget bounds bodies while they arrive, which a client can drag out; a complete body is decoded
            // and let go within the request's own work.
            if (charged)
            {
                bodies.Give(counted + BodyBudget.StreamCost);
            }
        }

        return (buffer, total);
    }

    /// <summary>Ends a grace from its timer; a request aborted meanwhile has a reader that throws, and a timer callback must not.</summary>
    private static void EndGrace(PipeReader reader)
    {
        try
        {
            reader.CancelPendingRead();
        }
        catch (Exception e) when (UnreadBody.EndsTheBody(e))
        {
            // The request is over: nothing waits on the read any more.
        }
    }

    private static (byte[] Buffer, int Length) Copy(PipeReader reader, ReadOnlySequence<byte> body)
    {
        var buffer = SecretBuffers.Rent((int)body.Length);
        return (buffer, Take(reader, body, buffer));
    }

    /// <summary>Copies <paramref name="taken"/> into <paramref name="destination"/>, clears it in Kestrel's blocks and consumes it; returns its length.</summary>
    private static int Take(PipeReader reader, ReadOnlySequence<byte> taken, Span<byte> destination)
    {
        // The length is taken before AdvanceTo: the sequence's segments go back to the pipe there.
        var length = (int)taken.Length;
        taken.CopyTo(destination);
        foreach (var segment in taken)
        {
            MemoryMarshal.AsMemory(segment).Span.Clear();
        }

        reader.AdvanceTo(taken.End);
        return length;
    }
}
