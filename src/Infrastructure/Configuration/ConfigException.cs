namespace Kes.Infrastructure.Configuration;

/// <summary>A configuration error whose message is the exact text upstream KES prints for the same fault.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException()
    {
    }

    public ConfigException(string message)
        : base(message)
    {
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
