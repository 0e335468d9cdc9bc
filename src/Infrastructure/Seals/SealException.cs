namespace Kes.Infrastructure.Seals;

/// <summary>The seal could not be opened or used, or a sealed value did not open; the message names the cause and never carries key material.</summary>
public sealed class SealException : Exception
{
    public SealException()
    {
    }

    public SealException(string message)
        : base(message)
    {
    }

    public SealException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
