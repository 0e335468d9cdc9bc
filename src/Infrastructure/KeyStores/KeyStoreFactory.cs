using Kes.Domain.Ports;
using Kes.Infrastructure.Configuration;
using Kes.Infrastructure.KeyStores.Aws;
using Kes.Infrastructure.KeyStores.FileSystem;

namespace Kes.Infrastructure.KeyStores;

/// <summary>Opens the keystore a config file's <c>keystore</c> section describes: the one place a new backend is added, for both the server and <c>kes migrate</c>.</summary>
public static class KeyStoreFactory
{
    /// <summary>The store and the description the banner prints for it (e.g. <c>Filesystem: ./keys</c>).</summary>
    /// <param name="config">The <c>keystore</c> section.</param>
    /// <param name="errorLog">Where a backend reports what it finds on its own (e.g. a KMS key that became disabled).</param>
    /// <exception cref="NotSupportedException">The backend is not implemented by Kes.NET.</exception>
    public static (IKeyStore Store, string Description) Open(KeyStoreConfig config, Action<string>? errorLog = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        switch (config)
        {
            case FsKeyStoreConfig fs when !OperatingSystem.IsWindows():
                var store = new FileSystemKeyStore(fs.Path);
                return (store, store.Description);
            case AwsSecretsManagerConfig aws:
                var options = new AwsKeyStoreOptions
                {
                    Endpoint = aws.Endpoint,
                    Region = aws.Region,
                    KmsKey = aws.KmsKey,
                    AccessKey = aws.AccessKey,
                    SecretKey = aws.SecretKey,
                    SessionToken = aws.SessionToken,
                    ErrorLog = errorLog,
                };

                // Startup waits for the keystore: it must answer before the banner, as upstream checks it.
                var secretsManager = AwsSecretsManagerKeyStore.ConnectAsync(options, CancellationToken.None).GetAwaiter().GetResult();
                return (secretsManager, secretsManager.Description);
            default:
                throw new NotSupportedException($"the {config.Kind} keystore is not supported by Kes.NET yet; use fs or aws");
        }
    }
}
