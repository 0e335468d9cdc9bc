namespace Kes.Infrastructure.KeyStores.Vault;

/// <summary>Where a key lives in the K/V engine (docs/keystores.md §7): <c>&lt;engine&gt;/&lt;prefix&gt;/&lt;name&gt;</c> for v1, under <c>data/</c> and <c>metadata/</c> for v2.</summary>
internal sealed class VaultLocations
{
    private readonly string _engine;
    private readonly string _prefix;

    public VaultLocations(VaultKeyStoreConfig config)
    {
        IsV2 = config.EffectiveApiVersion switch
        {
            "v1" => false,
            "v2" => true,
            var other => throw new VaultKeyStoreException($"vault: invalid engine API version '{other}'"),
        };
        _engine = config.EffectiveEngine;
        _prefix = config.Prefix;
    }

    /// <summary>Whether the engine is K/V version 2.</summary>
    public bool IsV2 { get; }

    /// <summary>Where the entry is read and written; v2 reads add <c>?version=1</c>.</summary>
    public string Data(string name) => IsV2 ? Join(_engine, "data", _prefix, name) : Join(_engine, _prefix, name);

    /// <summary>What a delete removes: the entry (v1) or its metadata with every version (v2).</summary>
    public string Delete(string name) => IsV2 ? Join(_engine, "metadata", _prefix, name) : Join(_engine, _prefix, name);

    /// <summary>The folder a LIST enumerates.</summary>
    public string Folder => IsV2 ? Join(_engine, "metadata", _prefix) : Join(_engine, _prefix);

    // As Go's path.Join: empty elements and repeated or trailing slashes vanish.
    private static string Join(params string[] parts) =>
        string.Join('/', parts.SelectMany(part => part.Split('/', StringSplitOptions.RemoveEmptyEntries)));
}
