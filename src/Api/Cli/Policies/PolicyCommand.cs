using System.CommandLine;
using Kes.Api.Cli.Common;

namespace Kes.Api.Cli.Policies;

/// <summary><c>kes policy</c> (docs/cli.md §4.4): read-only views of the policies the server's config defines.</summary>
internal static class PolicyCommand
{
    public static Command Create(CliConsole console) => new("policy", "Manage KES policies")
    {
        PolicyInfoCommand.Create(console),
        PolicyListCommand.Create(console),
        PolicyShowCommand.Create(console),
    };
}
