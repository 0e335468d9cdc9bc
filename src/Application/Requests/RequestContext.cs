using System.Net;
using Kes.Domain.Errors;
using Kes.Domain.Identities;

namespace Kes.Application.Requests;

/// <summary>Who asked what: the facts of one HTTP request that authorization, audit and the error log need.</summary>
/// <remarks>A value, so that routing a request allocates no context object; it is copied into the request that carries it.</remarks>
public readonly struct RequestContext
{
    /// <summary>An anonymous GET of <c>/</c> under the given <see cref="State"/>; the initializers below fill in the rest.</summary>
    public RequestContext()
    {
    }

    /// <summary>The caller's identity; empty when the client presented no usable certificate.</summary>
    public Identity Identity { get; init; } = Identity.Empty;

    /// <summary>Why no identity could be computed (no certificate, several certificates), or null.</summary>
    public KesError? IdentityError { get; init; }

    /// <summary>Whether the route only identifies the caller and never rejects it (<c>skip_auth</c>, self-describe).</summary>
    public bool SkipAuthorization { get; init; }

    /// <summary>The HTTP method as sent.</summary>
    public string Method { get; init; } = "GET";

    /// <summary>The percent-decoded request path with a leading slash and no query: what policies match against.</summary>
    public string Path { get; init; } = "/";

    /// <summary>The client's address, if known.</summary>
    public IPAddress? RemoteAddress { get; init; }

    /// <summary>When the server started handling the request, for latency in audit records and metrics.</summary>
    public long StartTimestamp { get; init; }

    /// <summary>The configuration the request was admitted under; every step of the request reads this one, never the live one.</summary>
    public required IServerState State { get; init; }

    /// <summary>
    /// Whether the authorization step will let the caller through to <see cref="Path"/>. The router asks before it
    /// reads a body, so a caller who is going to be refused cannot make the server hold megabytes of body first
    /// (docs/api.md §3 step 4).
    /// </summary>
    public bool IsAuthorized =>
        SkipAuthorization || (IdentityError is null && State.Policies.Authorize(Identity, Path) == Kes.Domain.Policies.Authorization.Allowed);
}
