namespace Kes.Infrastructure.KeyStores;

/// <summary>One entry of <see cref="KeyStoreRegistry"/>: where a backend's section sits under <c>keystore</c> and how it is read.</summary>
/// <param name="Path">The section's key path under <c>keystore</c>, e.g. <c>fs</c> or <c>aws.secretsmanager</c>; the backend is present when every level of it holds a non-null value (docs/config.md §4.9).</param>
/// <param name="Decode">Reads the section into the backend's config, which validates and opens itself; null for a backend upstream has and Kes.NET does not.</param>
internal sealed record KeyStoreBackend(string Path, Func<KeyStoreSection, KeyStoreConfig>? Decode)
{
    /// <summary>A backend upstream accepts that Kes.NET names but does not implement: a config that selects it fails to load, whatever its fields.</summary>
    public static KeyStoreBackend NotSupported(string path) => new(path, null);
}
