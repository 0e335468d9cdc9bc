namespace Kes.Infrastructure.KeyStores.Vault;

/// <summary>A Vault keystore failure that is not a KES API error: the API answers its generic 502 and logs this message.</summary>
/// <remarks>The message carries Vault's status and error text for the error log; it never holds a token or a stored value.</remarks>
public sealed class VaultKeyStoreException : Exception
{
    public VaultKeyStoreException()
        : this("vault: keystore failure")
    {
    }

    public VaultKeyStoreException(string message)
        : base(message)
    {
    }

    public VaultKeyStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
        if (innerException is VaultKeyStoreException vault)
        {
            StatusCode = vault.StatusCode;
        }
    }

    internal VaultKeyStoreException(string message, int statusCode)
        : base(message) => StatusCode = statusCode;

    /// <summary>The HTTP status of Vault's answer; 0 when there was none.</summary>
    public int StatusCode { get; }
}
