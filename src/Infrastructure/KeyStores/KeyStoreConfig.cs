using Kes.Domain.Ports;
using Kes.Infrastructure.Configuration;

namespace Kes.Infrastructure.KeyStores;

/// <summary>The one configured <c>keystore.&lt;backend&gt;</c> (docs/config.md §4.9); each implemented backend derives its own record, values as written.</summary>
public abstract record KeyStoreConfig
{
    private protected KeyStoreConfig()
    {
    }

    /// <summary>Throws <see cref="ConfigException"/> with upstream's message for the first missing or conflicting field.</summary>
    internal abstract void Validate();

    /// <summary>Connects to the backend; the description is what the banner prints for it (e.g. <c>Filesystem: ./keys</c>).</summary>
    internal abstract (IKeyStore Store, string Description) Open(Action<string>? errorLog);

    private protected static void Require(string value, string message)
    {
        if (value.Length == 0)
        {
            throw new ConfigException(message);
        }
    }
}
