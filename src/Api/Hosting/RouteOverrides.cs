using Kes.Api.Http.Routing;

namespace Kes.Api.Hosting;

/// <summary>Applies the config's <c>api:</c> section to the default routes (docs/config.md §4.5).</summary>
public static class RouteOverrides
{
    /// <summary>The routes with <c>skip_auth</c> and positive timeouts applied; <c>/version</c> never authenticates anyway.</summary>
    public static IEnumerable<Route> Apply(IEnumerable<Route> routes, IReadOnlyDictionary<string, RouteOverride> overrides)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(overrides);
        foreach (var route in routes)
        {
            if (!overrides.TryGetValue(route.Path, out var change))
            {
                yield return route;
                continue;
            }

            yield return route with
            {
                Auth = change.SkipAuth && route.Auth == RouteAuth.Verify ? RouteAuth.IdentifyOnly : route.Auth,
                Timeout = change.Timeout > TimeSpan.Zero ? change.Timeout : route.Timeout,
            };
        }
    }

    /// <summary>Whether any route skips authentication, which relaxes the TLS client-certificate mode.</summary>
    public static bool AnySkipsAuth(IReadOnlyDictionary<string, RouteOverride> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        foreach (var change in overrides.Values)
        {
            if (change.SkipAuth)
            {
                return true;
            }
        }

        return false;
    }
}
