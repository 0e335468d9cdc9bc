using System.CommandLine;
using Kes.Api.Cli.Common;

namespace Kes.Api.Cli.Update;

/// <summary><c>kes update</c> (docs/cli.md §4.10): upstream self-updates from GitHub releases; Kes.NET is installed by other means, so the command only says so.</summary>
internal static class UpdateCommand
{
    public static Command Create()
    {
        var command = new Command("update", "Update the kes binary (not supported by Kes.NET)")
        {
            CliOptions.Insecure(),
            new Option<bool>("--downgrade", "-d"),
            new Option<string?>("--output", "-o"),
            new Option<string?>("--os"),
            new Option<string?>("--arch"),
            new Option<string?>("--minisign-key"),
        };
        command.SetAction(Fail);
        return command;
    }

    private static int Fail(ParseResult parse) =>
        throw new CliException("self-update is not supported by Kes.NET. Install a new release with your package manager or from the project's releases");
}
