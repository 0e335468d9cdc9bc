using System.Buffers;
using Kes.Api.Hosting;
using Kes.Api.Http.Buffers;
using Kes.Api.Http.Json;
using Kes.Api.Http.Tls;
using Kes.Application.Logs;
using Kes.Application.Requests;
using Kes.Domain.Errors;
using Kes.Domain.Logs;
using Kes.Domain.Ports;
using Microsoft.AspNetCore.Http.Features;

namespace Kes.Api.Http.Routing;

/// <summary>The one middleware of the server: Go ServeMux dispatch, then the method check, the write deadline and the route's handler (docs/api.md §2–3).</summary>
/// <remarks>The server state is leased once per request, here, and handed down in its <see cref="RequestContext"/>: a reload mid-request never mixes two configurations.</remarks>
public sealed class KesRouter(LiveServerState state, Mediator.Mediator mediator, IIdentitySource identities, BodyBudget bodies, HeldBlocks heldBlocks, ErrorLog errors, TimeProvider time)
{
    /// <summary>What Go's <c>url.ParseRequestURI</c> refuses anywhere in a target: the C0 controls and DEL.</summary>
    private static readonly SearchValues<char> ControlBytes = SearchValues.Create(string.Concat(Enumerable.Range(0, 0x20).Select(c => (char)c)) + "\u007f");

    private const int LoggedPathLength = 256;
    private const int LoggedErrorLength = 16 * 1024;

    /// <summary>HTTP/2's REFUSED_STREAM: the stream was not processed and may be retried (RFC 9113 §8.7).</summary>
    private const int RefusedStream = 0x7;

    private readonly WriteDeadlines _deadlines = new(time);

    /// <summary>Handles one request.</summary>
    public async Task InvokeAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (heldBlocks.Full)
        {
            await RefuseWhileHeldAsync(http).ConfigureAwait(false);
            return;
        }

        if (heldBlocks.EndsRefusing())
        {
            errors.Write(SlogLevels.Info, "server no longer busy: the connection buffers held for clients are below three quarters of the limit again");
        }

        var start = time.GetTimestamp();
        var leased = state.Acquire();
        var held = true;
        var drainBudget = default(BodyBudget);
        var deadline = default(WriteDeadlines.Armed);
        var context = default(RequestContext?);
        try
        {
            var rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget;

            // Kestrel passes control bytes in the query; Go's server refuses the request, and a redirect could not carry them.
            if (rawTarget is not null && rawTarget.AsSpan().ContainsAny(ControlBytes))
            {
                await GoServeMuxReplies.BadRequestAsync(http).ConfigureAwait(false);
                return;
            }

            if (rawTarget == "*" && HttpMethods.IsOptions(http.Request.Method))
            {
                GoServeMuxReplies.ServerWideOptions(http);
                return;
            }

            var table = leased.Routes;
            var path = DecodedPath(http, rawTarget);
            if (!PathCleaner.IsClean(path))
            {
                await GoServeMuxReplies.MovedPermanentlyAsync(http, GoUrlEscaping.Location(CleanTarget(table, path), http.Request.QueryString.Value)).ConfigureAwait(false);
                return;
            }

            var route = table.Match(path, out var resource);
            if (route is null)
            {
                if (table.IsSubtreeRoot(path))
                {
                    await GoServeMuxReplies.MovedPermanentlyAsync(http, GoUrlEscaping.Location(path + "/", http.Request.QueryString.Value)).ConfigureAwait(false);
                }
                else
                {
                    await GoServeMuxReplies.NotFoundAsync(http).ConfigureAwait(false);
                }

                return;
            }

            var method = http.Request.Method;
            if (!MethodMatches(route.Method, method))
            {
                http.Response.Headers.Accept = route.Method;
                var error = KesError.MethodNotAllowed(method, route.Method);
                await ResponseJson.WriteErrorAsync(http.Response, error.Status, error.Message).ConfigureAwait(false);
                return;
            }

            var identity = route.Auth == RouteAuth.None ? null : ConnectionIdentity.Of(http, identities);
            context = new RequestContext
            {
                Identity = identity?.Identity ?? Kes.Domain.Identities.Identity.Empty,
                IdentityError = identity?.Error,
                SkipAuthorization = route.Auth != RouteAuth.Verify,
                Method = method,
                Path = path,
                RemoteAddress = http.Connection.RemoteIpAddress,
                StartTimestamp = start,
                State = leased,
            };

            // Policies, routes and log levels stay readable after the state is retired; only its key cache closes.
            if (!route.HoldsState)
            {
                held = false;
                leased.Release();
            }

            deadline = route.Timeout > TimeSpan.Zero ? _deadlines.Arm(http, route.Timeout) : default;

            // Only the unread body of a caller a policy allows is waited for under the budget, and only where the
            // deadline ends the wait; any other (routes without a policy check included) gets the grace (docs/api.md §1).
            drainBudget = route.Auth == RouteAuth.Verify && route.Timeout > TimeSpan.Zero && context.Value.IsAuthorized ? bodies : null;
            try
            {
                await route.Handle(new RouteCall(http, mediator, route, context.Value, resource, bodies)).ConfigureAwait(false);
            }
            catch (KesException e) when (!http.Response.HasStarted)
            {
                if (ReferenceEquals(e.Error, KesError.TooManyBodies))
                {
                    drainBudget = null;
                }

                await ResponseJson.WriteErrorAsync(http.Response, e.Error.Status, e.Error.Message).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not KesException && !EndedEarly(e))
        {
            // A failure outside the handlers is a bug: without this record only the client would ever see it (docs/api.md §4.5).
            var request = context ?? new RequestContext
            {
                Method = http.Request.Method,
                Path = http.Request.Path.Value is { Length: > 0 } path ? path : "/",
                RemoteAddress = http.Connection.RemoteIpAddress,
                State = leased,
            };
            errors.Error("unhandled error serving the request: " + Shortened(e.ToString(), LoggedErrorLength), request with { Path = Shortened(request.Path, LoggedPathLength) });
            if (http.Response.HasStarted)
            {
                http.Abort();
            }
            else
            {
                http.Response.Clear();
                await ResponseJson.WriteErrorAsync(http.Response, KesError.Internal.Status, KesError.Internal.Message).ConfigureAwait(false);
            }
        }
        finally
        {
            if (held)
            {
                leased.Release();
            }

            // The reply ends with the stream, after the drain: the deadline covers both, so a body that stops
            // arriving after its caller was answered cannot hold the stream for good.
            try
            {
                await UnreadBody.DrainAsync(http, drainBudget).ConfigureAwait(false);
            }
            finally
            {
                deadline.Dispose();
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="e"/> is how Kestrel reports a request that ended early: the client went away or reset its
    /// stream, the deadline aborted it, or Kestrel refused what it sent. <see cref="HttpContext.RequestAborted"/> is no
    /// test: Kestrel cancels it on the thread pool, after the read that failed may already have thrown.
    /// </summary>
    internal static bool EndedEarly(Exception e) => e is BadHttpRequestException or IOException or OperationCanceledException;

    /// <summary>
    /// Refuses a request while Kestrel holds too many blocks for clients (docs/api.md §1): an HTTP/2 stream is reset with
    /// REFUSED_STREAM, which holds nothing and which HTTP/2 clients (Go's among them) retry; HTTP/1.1 gets a 503 and the
    /// connection is closed.
    /// </summary>
    private Task RefuseWhileHeldAsync(HttpContext http)
    {
        heldBlocks.CountRefusal();
        if (heldBlocks.StartsRefusing())
        {
            errors.Write(SlogLevels.Warn, $"server busy: {heldBlocks.Out * ZeroingBlockPool.BlockSize >> 20} MiB of connection buffers are held for clients (limit {heldBlocks.Limit * ZeroingBlockPool.BlockSize >> 20} MiB); new requests are refused until they come back");
        }

        if (HttpProtocol.IsHttp2(http.Request.Protocol) && http.Features.Get<IHttpResetFeature>() is { } reset)
        {
            reset.Reset(RefusedStream);
            return Task.CompletedTask;
        }

        http.Response.Headers.Connection = "close";
        return ResponseJson.WriteErrorAsync(http.Response, KesError.BuffersHeld.Status, KesError.BuffersHeld.Message);
    }

    /// <summary>A text cut to <paramref name="length"/> characters: a request line may be 1 MiB, and a record must not be.</summary>
    internal static string Shortened(string text, int length) => text.Length <= length ? text : string.Concat(text.AsSpan(0, length), "…");

    private static bool MethodMatches(string expected, string actual) =>
        string.Equals(expected, actual, StringComparison.Ordinal)
        || (expected == HttpMethods.Put && string.Equals(actual, HttpMethods.Post, StringComparison.Ordinal));

    /// <summary>
    /// Where ServeMux sends an unclean path: the cleaned path, or, when that is a subtree prefix without
    /// its slash, straight to the prefix with the slash (<c>/v1/key/describe/.</c> → <c>/v1/key/describe/</c>, docs/api.md §2.2).
    /// </summary>
    private static string CleanTarget(RouteTable table, string path)
    {
        var cleaned = PathCleaner.Clean(path);
        return table.Match(cleaned, out _) is null && table.IsSubtreeRoot(cleaned) ? cleaned + "/" : cleaned;
    }

    /// <summary>The fully percent-decoded path, as Go matches it (Kestrel leaves <c>%2F</c> encoded and removes dot segments); an absolute-form target counts from its path.</summary>
    private static string DecodedPath(HttpContext http, string? raw)
    {
        raw = AbsoluteFormPath(raw);
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
        {
            var path = http.Request.Path.Value;
            return string.IsNullOrEmpty(path) ? "/" : path;
        }

        var query = raw.IndexOf('?', StringComparison.Ordinal);
        var target = query < 0 ? raw : raw[..query];
        return target.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(target) : target;
    }

    /// <summary>The path and query of an absolute-form target (<c>https://host/v1/ready</c> → <c>/v1/ready</c>); any other target as it is.</summary>
    private static string? AbsoluteFormPath(string? raw)
    {
        if (string.IsNullOrEmpty(raw) || raw[0] == '/')
        {
            return raw;
        }

        var scheme = raw.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return raw;
        }

        var path = raw.IndexOfAny(['/', '?'], scheme + 3);
        return path < 0 ? "/" : raw[path] == '?' ? "/" + raw[path..] : raw[path..];
    }
}
