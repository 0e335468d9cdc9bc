namespace Kes.Domain.Errors;

/// <summary>A keystore failed at the network level; the cache's offline mode and <c>/v1/ready</c> react to it.</summary>
public sealed class KeyStoreUnreachableException : Exception
{
    public KeyStoreUnreachableException()
        : base("kes: keystore unreachable")
    {
    }

    public KeyStoreUnreachableException(string message)
        : base(message)
    {
    }

    public KeyStoreUnreachableException(Exception cause)
        : base("kes: keystore unreachable: " + cause.Message, cause)
    {
    }

    public KeyStoreUnreachableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
