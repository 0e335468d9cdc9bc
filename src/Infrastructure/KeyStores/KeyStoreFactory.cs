using Kes.Domain.Ports;
using Kes.Infrastructure.Configuration;
using Kes.Infrastructure.KeyStores.FileSystem;

namespace Kes.Infrastructure.KeyStores;

/// <summary>Opens the keystore a config file's <c>keystore</c> section describes: the one place a new backend is added, for both the server and <c>kes migrate</c>.</summary>
public static class KeyStoreFactory
{
    /// <summary>The store and the description the banner prints for it (e.g. <c>Filesystem: ./keys</c>).</summary>
    /// <exception cref="NotSupportedException">The backend is not implemented by Kes.NET.</exception>
    public static (IKeyStore Store, string Description) Open(KeyStoreConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        switch (config)
        {
            case FsKeyStoreConfig fs when !OperatingSystem.IsWindows():
                var store = new FileSystemKeyStore(fs.Path);
                return (store, store.Description);
            default:
                throw new NotSupportedException($"the {config.Kind} keystore is not supported by Kes.NET yet; use fs or aws");
        }
    }
}
