using Kes.Api.Cli;
using Kes.Api.Cli.Common;

namespace Kes.IntegrationTests.Cli;

/// <summary>What one in-process run of the <c>kes</c> command line produced.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error);

/// <summary>Runs <see cref="KesCommandLine"/> in-process with its own environment and writers, so tests can run in parallel.</summary>
public static class CliRunner
{
    public static Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunAsync(environment, terminal: false, password: null, args);

    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, bool terminal, Func<string, string?>? password, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = Console(environment, output, error, terminal, password);
        var exit = await KesCommandLine.InvokeAsync(args, console);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    /// <summary>Starts a command that runs until cancelled (<c>log</c>, <c>metric</c>) and returns its writer to watch.</summary>
    public static (Task<int> Run, CapturedText Out, CapturedText Error) Start(IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken, params string[] args)
    {
        var output = new CapturedText();
        var error = new CapturedText();
        var console = Console(environment, output.Writer, error.Writer, false, null);
        return (Task.Run(() => KesCommandLine.InvokeAsync(args, console, cancellationToken)), output, error);
    }

    /// <summary>Waits until <paramref name="writer"/> holds text that satisfies <paramref name="done"/>.</summary>
    /// <remarks><paramref name="poke"/>, if given, runs every quarter second: streams carry only events after the subscription, which the caller cannot observe.</remarks>
    public static async Task<string> WaitForAsync(CapturedText writer, Func<string, bool> done, Task running, Func<Task>? poke = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var nextPoke = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            if (poke is not null && DateTime.UtcNow >= nextPoke)
            {
                await poke();
                nextPoke = DateTime.UtcNow.AddMilliseconds(250);
            }

            var text = writer.Snapshot();
            if (done(text))
            {
                return text;
            }

            if (running.IsCompleted)
            {
                throw new InvalidOperationException("the command ended early: " + text);
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("no such output: " + writer.Snapshot());
    }

    private static CliConsole Console(IReadOnlyDictionary<string, string> environment, TextWriter output, TextWriter error, bool terminal, Func<string, string?>? password) => new()
    {
        Out = output,
        Error = error,
        Environment = name => environment.TryGetValue(name, out var value) ? value : null,
        IsTerminal = terminal,
        ReadPassword = password ?? (static _ => null),
    };
}
