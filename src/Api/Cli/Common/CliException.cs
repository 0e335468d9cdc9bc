namespace Kes.Api.Cli.Common;

/// <summary>A client command failed: the message is printed as <c>Error: &lt;message&gt;</c> and the exit code is 1 (docs/cli.md §1).</summary>
public sealed class CliException : Exception
{
    public CliException()
    {
    }

    public CliException(string message)
        : base(message)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
