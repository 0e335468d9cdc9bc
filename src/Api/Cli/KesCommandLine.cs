using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using Kes.Api.Cli.Common;
using Kes.Api.Cli.Hsm;
using Kes.Api.Cli.Identities;
using Kes.Api.Cli.Keys;
using Kes.Api.Cli.Logs;
using Kes.Api.Cli.Ls;
using Kes.Api.Cli.Metrics;
using Kes.Api.Cli.Migrate;
using Kes.Api.Cli.Policies;
using Kes.Api.Cli.Server;
using Kes.Api.Cli.Status;
using Kes.Api.Cli.Update;

namespace Kes.Api.Cli;

/// <summary>The <c>kes</c> command line: one executable for the server and the client commands, with upstream's exit codes (0 success, 1 error, 2 usage) and error texts (docs/cli.md §1).</summary>
public static class KesCommandLine
{
    // pflag has no response files: an argument starting with '@' is an argument.
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    /// <summary>Parses <paramref name="args"/> and runs the command on the process console; returns the exit code.</summary>
    public static Task<int> InvokeAsync(string[] args) => InvokeAsync(args, CliConsole.FromSystem());

    /// <summary>Parses <paramref name="args"/> and runs the command on <paramref name="console"/>; returns the exit code.</summary>
    public static async Task<int> InvokeAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        if (args is ["-v"] or ["--version"])
        {
            VersionText.Write(console.Out);
            return 0;
        }

        if (args is ["--auto-completion"])
        {
            return Fail(console, "shell auto-completion is not supported by Kes.NET");
        }

        var root = Build(console);
        var invocation = new InvocationConfiguration { Output = console.Error, Error = console.Error, EnableDefaultExceptionHandler = false };
        var parse = root.Parse(args, Parsing);
        if (args.Length == 0 || parse.Action is HelpAction)
        {
            await root.Parse([.. CommandPath(parse.CommandResult).Skip(1), "--help"], Parsing).InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
            return 2;
        }

        var path = string.Join(' ', CommandPath(parse.CommandResult));
        if (UnknownFlag(parse) is { } flag)
        {
            return Fail(console, $"{flag}. See '{path} --help'");
        }

        if (parse.Errors.Count > 0)
        {
            var command = parse.CommandResult.Command;
            if (command.Subcommands.Count > 0 && parse.UnmatchedTokens.Count > 0)
            {
                return Fail(console, $"\"{parse.UnmatchedTokens[0]}\" is not a {path} command. See '{path} --help'");
            }

            if (command.Subcommands.Count > 0 && command.Action is null)
            {
                await root.Parse([.. CommandPath(parse.CommandResult).Skip(1), "--help"], Parsing).InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
                return 2;
            }

            return Fail(console, $"{parse.Errors[0].Message.TrimEnd('.')}. See '{path} --help'");
        }

        try
        {
            return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException e)
        {
            return Fail(console, e.Message);
        }
        catch (OperationCanceledException)
        {
            return Fail(console, "interrupted");
        }
#pragma warning disable CA1031 // Like upstream's cli.Fatal, every failure is one "Error:" line and exit 1, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Fail(console, e.Message);
        }
    }

    private static RootCommand Build(CliConsole console)
    {
        var root = new RootCommand("Kes.NET: a key encryption server that speaks the KES protocol")
        {
            ServerCommand.Create(),
            LsCommand.Create(console),
            KeyCommand.Create(console),
            PolicyCommand.Create(console),
            IdentityCommand.Create(console),
            LogCommand.Create(console),
            StatusCommand.Create(console),
            MetricCommand.Create(console),
            MigrateCommand.Create(console),
            HsmCommand.Create(console),
            UpdateCommand.Create(),
        };

        // -v is handled before parsing; the alias is here so that the usage lists it.
        root.Options.OfType<VersionOption>().First().Aliases.Add("-v");
        return root;
    }

    private static int Fail(CliConsole console, string message)
    {
        console.Error.Write(Ansi.Red("Error:", console.IsTerminal) + " " + message + "\n");
        console.Error.Flush();
        return 1;
    }

    // "kes", "kes key", "kes key create", … for the "See '… --help'" hints.
    private static List<string> CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? current = result; current is not null; current = current.Parent)
        {
            if (current is CommandResult command)
            {
                names.Insert(0, command.Parent is null ? "kes" : command.Command.Name);
            }
        }

        return names;
    }

    // System.CommandLine binds an unknown "--flag" to a positional argument; pflag rejects it.
    private static string? UnknownFlag(ParseResult parse)
    {
        foreach (var token in parse.Tokens)
        {
            if (token.Type == TokenType.DoubleDash)
            {
                break;
            }

            if (token.Type == TokenType.Argument && token.Value.Length > 1 && token.Value[0] == '-')
            {
                return PflagError(token.Value);
            }
        }

        foreach (var token in parse.UnmatchedTokens)
        {
            if (token.Length > 1 && token[0] == '-')
            {
                return PflagError(token);
            }
        }

        return null;
    }

    private static string PflagError(string token) => token.StartsWith("--", StringComparison.Ordinal)
        ? $"unknown flag: {token.Split('=')[0]}"
        : $"unknown shorthand flag: '{token[1]}' in {token}";
}
