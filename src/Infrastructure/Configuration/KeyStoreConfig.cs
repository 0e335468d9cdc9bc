namespace Kes.Infrastructure.Configuration;

/// <summary>The one configured <c>keystore.&lt;backend&gt;</c> (config.md §4.9); one subtype per backend, values as written.</summary>
public abstract record KeyStoreConfig
{
    private protected KeyStoreConfig()
    {
    }

    /// <summary>The backend's key path in the config, e.g. <c>fs</c> or <c>aws.secretsmanager</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>Throws <see cref="ConfigException"/> with upstream's message for the first missing or conflicting field.</summary>
    internal abstract void Validate();

    private protected static void Require(string value, string message)
    {
        if (value.Length == 0)
        {
            throw new ConfigException(message);
        }
    }
}
