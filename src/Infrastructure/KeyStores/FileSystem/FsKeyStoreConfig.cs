using Kes.Domain.Ports;

namespace Kes.Infrastructure.KeyStores.FileSystem;

/// <summary><c>keystore.fs</c>: keys as files in one directory (docs/keystores.md §5).</summary>
public sealed record FsKeyStoreConfig(string Path) : KeyStoreConfig
{
    internal static FsKeyStoreConfig Decode(KeyStoreSection section) => new(section.Strings("path")[0]);

    internal override void Validate() => Require(Path, "kesconf: invalid fs keystore: no path specified");

    internal override (IKeyStore Store, string Description) Open(Action<string>? errorLog)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the fs keystore needs a POSIX file system");
        }

        var store = new FileSystemKeyStore(Path);
        return (store, store.Description);
    }
}
