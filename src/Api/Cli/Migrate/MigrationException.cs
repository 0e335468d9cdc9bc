namespace Kes.Api.Cli.Migrate;

/// <summary>A migration stopped at a key; the message names it and says why.</summary>
internal sealed class MigrationException : Exception
{
    public MigrationException()
    {
    }

    public MigrationException(string message)
        : base(message)
    {
    }

    public MigrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
