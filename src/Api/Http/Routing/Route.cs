namespace Kes.Api.Http.Routing;

/// <summary>One API route: how it matches, its limits, and the one line that turns it into a mediator request.</summary>
/// <param name="Method">The expected method; POST is also accepted where this is PUT.</param>
/// <param name="Path">The route path; subtree routes end in <c>/</c> and take the rest as their resource.</param>
/// <param name="MaxBody">The body limit in bytes (0: the body is ignored).</param>
/// <param name="Timeout">The write deadline; zero for none.</param>
/// <param name="Auth">How the caller is checked.</param>
/// <param name="Handle">Builds the request, sends it and writes the reply.</param>
public sealed record Route(string Method, string Path, long MaxBody, TimeSpan Timeout, RouteAuth Auth, RouteHandler Handle)
{
    /// <summary>Whether a request keeps its lease on the server state until it ends; a stream that reads no key lets it go once admitted, so that it does not keep a replaced keystore open.</summary>
    public bool HoldsState { get; init; } = true;

    /// <summary>Whether the route takes a resource after its path.</summary>
    public bool IsSubtree => Path.EndsWith('/');

    /// <summary>The body limit of routes that take JSON: one decimal megabyte.</summary>
    public const long JsonBodyLimit = 1_000_000;

    /// <summary>The usual route timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);
}

/// <summary>The body of a route: everything after routing, method and limit checks.</summary>
public delegate Task RouteHandler(RouteCall call);
