namespace Kes.Credentials;

/// <summary>A TLS file could not be used; the message is the one KES prints (docs/config.md §4.3), e.g. <c>failed to read TLS certificate: https: no valid PEM data</c>.</summary>
public sealed class TlsLoadException : Exception
{
    public TlsLoadException()
    {
    }

    public TlsLoadException(string message)
        : base(message)
    {
    }

    public TlsLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
