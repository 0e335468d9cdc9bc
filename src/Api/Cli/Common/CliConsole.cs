using System.Text;

namespace Kes.Api.Cli.Common;

/// <summary>What a client command talks to: output and error writers, the environment, whether a terminal is attached, and how to ask for a password.</summary>
/// <remarks>Tests run the CLI in-process with their own instance, so nothing here is process-global.</remarks>
public sealed class CliConsole
{
    /// <summary>Standard output.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Standard error: errors, usage and prompts.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Reads an environment variable; null when unset.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Whether stdout or stderr is a terminal (docs/cli.md §1): human output instead of machine output.</summary>
    public bool IsTerminal { get; init; }

    /// <summary>Writes the prompt to stderr and reads a line without echo; null at end of input.</summary>
    public Func<string, string?> ReadPassword { get; init; } = static _ => null;

    /// <summary>The clock, for progress rates and log times.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The process console.</summary>
    public static CliConsole FromSystem() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        IsTerminal = !Console.IsOutputRedirected || !Console.IsErrorRedirected,
        ReadPassword = ReadHidden,
    };

    private static string? ReadHidden(string prompt)
    {
        Console.Error.Write(prompt);
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine();
        }

        var password = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                password.Length = Math.Max(0, password.Length - 1);
                continue;
            }

            password.Append(key.KeyChar);
        }

        Console.Error.WriteLine();
        return password.ToString();
    }
}
