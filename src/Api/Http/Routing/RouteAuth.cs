namespace Kes.Api.Http.Routing;

/// <summary>How a route treats the caller (docs/api.md §2.1 "Auth").</summary>
public enum RouteAuth
{
    /// <summary>Admin or a policy must allow the path.</summary>
    Verify,

    /// <summary>The identity is computed if possible and never rejected.</summary>
    IdentifyOnly,

    /// <summary>No identity at all (<c>/version</c>).</summary>
    None,
}
