namespace Kes.Application.Caching;

/// <summary>The effective cache expiries (docs/keystores.md §3.2); a period of zero or less disables that task.</summary>
public sealed record CacheOptions(TimeSpan Any, TimeSpan Unused, TimeSpan Offline)
{
    /// <summary>How often the keystore is probed to track the offline state.</summary>
    public static readonly TimeSpan HealthProbeInterval = TimeSpan.FromSeconds(10);

    /// <summary>The default of <see cref="Revalidate"/>: the longest a node keeps using a key changed elsewhere (docs/keystores.md §3.3).</summary>
    public static readonly TimeSpan DefaultRevalidate = TimeSpan.FromSeconds(10);

    /// <summary>How seldom a failed decryption may re-read its key from the keystore, per key (docs/keystores.md §3.3).</summary>
    public static readonly TimeSpan RecoveryInterval = TimeSpan.FromSeconds(1);

    /// <summary>The intended upstream defaults (docs/COMPATIBILITY.md D5): any 5 m, unused 30 s, offline off; revalidation every 10 s.</summary>
    public static CacheOptions Default { get; } = new(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), TimeSpan.Zero);

    /// <summary>How often a key in use is compared with the keystore's copy (<c>cache.expiry.revalidate</c>); zero or less turns it off.</summary>
    public TimeSpan Revalidate { get; init; } = DefaultRevalidate;
}
