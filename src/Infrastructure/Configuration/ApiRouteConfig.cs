namespace Kes.Infrastructure.Configuration;

/// <summary>An <c>api.&lt;path&gt;</c> override (docs/config.md §4.5, docs/api.md §2.1).</summary>
/// <param name="SkipAuth">Switch the route to "identify only".</param>
/// <param name="Timeout">Replaces the route's timeout when greater than zero.</param>
public sealed record ApiRouteConfig(bool SkipAuth, TimeSpan Timeout);
