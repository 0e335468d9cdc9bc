using System.Collections.Frozen;
using Kes.Application.Status;

namespace Kes.Api.Http.Routing;

/// <summary>The configured routes, matched as Go's ServeMux matches them: exact paths, then the longest subtree prefix.</summary>
public sealed class RouteTable : IApiCatalog
{
    private readonly FrozenDictionary<string, Route> _exact;
    private readonly Route[] _subtrees;

    /// <summary>Builds the table from <paramref name="routes"/>.</summary>
    public RouteTable(IEnumerable<Route> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var all = routes.ToArray();
        _exact = all.Where(r => !r.IsSubtree).ToFrozenDictionary(r => r.Path, StringComparer.Ordinal);
        _subtrees = [.. all.Where(r => r.IsSubtree).OrderByDescending(r => r.Path.Length)];
        Routes = [.. all.OrderBy(r => r.Path, StringComparer.Ordinal).Select(r => new ApiRoute(r.Method, r.Path, r.MaxBody, r.Timeout))];
    }

    /// <inheritdoc />
    public IReadOnlyList<ApiRoute> Routes { get; }

    /// <summary>The route for <paramref name="path"/> and its resource, or null.</summary>
    public Route? Match(string path, out string resource)
    {
        resource = string.Empty;
        if (_exact.TryGetValue(path, out var exact))
        {
            return exact;
        }

        foreach (var route in _subtrees)
        {
            if (path.StartsWith(route.Path, StringComparison.Ordinal))
            {
                resource = RecentResources.Get(path.AsSpan(route.Path.Length));
                return route;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="path"/> is a subtree route without its trailing slash, which ServeMux redirects.</summary>
    public bool IsSubtreeRoot(string path)
    {
        foreach (var route in _subtrees)
        {
            if (route.Path.Length == path.Length + 1 && route.Path.StartsWith(path, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
