namespace Kes.Application.Caching;

/// <summary>The effective cache expiries (keystores.md §3.2); a period of zero or less disables that task.</summary>
public sealed record CacheOptions(TimeSpan Any, TimeSpan Unused, TimeSpan Offline)
{
    /// <summary>How often the keystore is probed to track the offline state.</summary>
    public static readonly TimeSpan HealthProbeInterval = TimeSpan.FromSeconds(10);

    /// <summary>The intended upstream defaults (DECISIONS.md D5): any 5 m, unused 30 s, offline off.</summary>
    public static CacheOptions Default { get; } = new(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), TimeSpan.Zero);
}
