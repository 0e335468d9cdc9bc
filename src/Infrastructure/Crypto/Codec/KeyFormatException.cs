namespace Kes.Infrastructure.Crypto.Codec;

/// <summary>A stored key value could not be decoded, or a key version could not be encoded; the message never holds key material.</summary>
public sealed class KeyFormatException : Exception
{
    public KeyFormatException()
        : base("kes: invalid key format")
    {
    }

    public KeyFormatException(string message)
        : base(message)
    {
    }

    public KeyFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
