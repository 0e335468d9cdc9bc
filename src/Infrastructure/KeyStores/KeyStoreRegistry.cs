using System.Collections.Immutable;
using Kes.Infrastructure.KeyStores.Aws;
using Kes.Infrastructure.KeyStores.FileSystem;
using Kes.Infrastructure.KeyStores.Vault;

namespace Kes.Infrastructure.KeyStores;

/// <summary>Every keystore backend a config file can name: the one list a new backend joins, with one line.</summary>
internal static class KeyStoreRegistry
{
    /// <summary>The backends in upstream's check order, which decides which fault of a file with several is reported (docs/config.md §4.9, §5).</summary>
    public static ImmutableArray<KeyStoreBackend> Backends { get; } =
    [
        new("fs", FsKeyStoreConfig.Decode),
        new("vault", VaultKeyStoreConfig.Decode),
        KeyStoreBackend.NotSupported("fortanix.sdkms"),
        KeyStoreBackend.NotSupported("gemalto.keysecure"),
        KeyStoreBackend.NotSupported("gcp.secretmanager"),
        new("aws.secretsmanager", AwsSecretsManagerConfig.Decode),
        KeyStoreBackend.NotSupported("azure.keyvault"),
        KeyStoreBackend.NotSupported("entrust.keycontrol"),
    ];

    /// <summary>Why a config that selects <paramref name="backend"/> cannot run, naming the backends that can.</summary>
    public static string NotSupportedMessage(KeyStoreBackend backend)
    {
        var supported = Backends.Where(b => b.Decode is not null).Select(b => b.Path).ToArray();
        var choice = supported.Length == 1 ? supported[0] : string.Join(", ", supported[..^1]) + " or " + supported[^1];
        return $"the {backend.Path} keystore is not supported by Kes.NET yet; use {choice}";
    }
}
