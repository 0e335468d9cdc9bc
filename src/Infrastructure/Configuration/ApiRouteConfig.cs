namespace Kes.Infrastructure.Configuration;

/// <summary>An <c>api.&lt;path&gt;</c> override (config.md §4.5, api.md §2.1).</summary>
/// <param name="SkipAuth">Switch the route to "identify only".</param>
/// <param name="Timeout">Replaces the route's timeout when greater than zero.</param>
public sealed record ApiRouteConfig(bool SkipAuth, TimeSpan Timeout);
