using Kes.Domain.Ports;

namespace Kes.Infrastructure.KeyStores;

/// <summary>Opens the keystore a loaded config file names, for both the server and <c>kes migrate</c>; the backends themselves are listed in <see cref="KeyStoreRegistry"/>.</summary>
public static class KeyStoreFactory
{
    /// <summary>The store and the description the banner prints for it (e.g. <c>Filesystem: ./keys</c>).</summary>
    /// <param name="config">The <c>keystore</c> section, as <see cref="Configuration.ServerConfig.KeyStore"/> holds it.</param>
    /// <param name="errorLog">Where a backend reports what it finds on its own (e.g. a KMS key that became disabled).</param>
    /// <exception cref="PlatformNotSupportedException">The backend cannot run on this operating system (the fs keystore on Windows).</exception>
    public static (IKeyStore Store, string Description) Open(KeyStoreConfig config, Action<string>? errorLog = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Open(errorLog);
    }
}
