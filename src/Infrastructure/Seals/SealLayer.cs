using Kes.Domain.Ports;

namespace Kes.Infrastructure.Seals;

/// <summary>Wraps an opened keystore in the configured seal, for the server and for <c>kes migrate</c> alike.</summary>
public static class SealLayer
{
    /// <summary>The store as it is when <paramref name="config"/> is null, else sealed; the banner's description names the seal too. On failure the store is closed.</summary>
    /// <exception cref="SealException">The seal could not be opened; the message says why.</exception>
    public static (IKeyStore Store, string Description) Apply((IKeyStore Store, string Description) opened, SealConfig? config, Action<string> errorLog)
    {
        if (config is null)
        {
            return opened;
        }

        IKeySeal seal;
        try
        {
            seal = config.Open();
        }
        catch
        {
            opened.Store.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }

        return (new SealingKeyStore(opened.Store, seal, config.AllowUnsealed, errorLog), $"{opened.Description}, sealed by {seal.Description}");
    }
}
