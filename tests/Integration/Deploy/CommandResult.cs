namespace Kes.IntegrationTests.Deploy;

/// <summary>How a host tool ended: its exit code and what it printed.</summary>
public sealed record CommandResult(int ExitCode, string Output, string Error)
{
    /// <summary>True when the tool exited with 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <inheritdoc />
    public override string ToString() => $"exit {ExitCode}\nstdout: {Output}\nstderr: {Error}";
}
