namespace Kes.Infrastructure.Configuration;

/// <summary>Effective key-cache periods (docs/keystores.md §3); zero disables that eviction.</summary>
/// <param name="Any">Evict every entry this often.</param>
/// <param name="Unused">Evict entries not used within this period.</param>
/// <param name="Offline">Offline-mode eviction period.</param>
public sealed record CacheConfig(TimeSpan Any, TimeSpan Unused, TimeSpan Offline)
{
    /// <summary>The default of <see cref="Revalidate"/> (docs/keystores.md §3.3).</summary>
    public static readonly TimeSpan DefaultRevalidate = TimeSpan.FromSeconds(10);

    /// <summary>How often a cached key in use is compared with the keystore's copy; zero turns it off (docs/config.md §4.6).</summary>
    public TimeSpan Revalidate { get; init; } = DefaultRevalidate;

    /// <summary>The intended defaults (D5), also used by dev mode: any 5 m, unused 30 s, offline off.</summary>
    public static CacheConfig Default { get; } = new(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), TimeSpan.Zero);

    /// <summary>Fills each unset (zero) period with its D5 default; upstream's bug of overriding <c>any</c> is not copied.</summary>
    public static CacheConfig WithDefaults(TimeSpan any, TimeSpan unused, TimeSpan offline) => new(
        any == TimeSpan.Zero ? Default.Any : any,
        unused == TimeSpan.Zero ? Default.Unused : unused,
        offline);
}
