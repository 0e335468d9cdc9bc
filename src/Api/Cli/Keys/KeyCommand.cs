using System.CommandLine;
using Kes.Api.Cli.Common;

namespace Kes.Api.Cli.Keys;

/// <summary><c>kes key</c> (docs/cli.md §4.3): the key subcommands; without one, the usage.</summary>
internal static class KeyCommand
{
    public static Command Create(CliConsole console) => new("key", "Manage cryptographic keys")
    {
        KeyCreateCommand.Create(console),
        KeyImportCommand.Create(console),
        KeyInfoCommand.Create(console),
        KeyListCommand.Create(console),
        KeyRemoveCommand.Create(console),
        KeyEncryptCommand.Create(console),
        KeyDecryptCommand.Create(console),
        KeyDekCommand.Create(console),
    };
}
