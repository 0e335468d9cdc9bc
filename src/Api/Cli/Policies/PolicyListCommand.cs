using System.CommandLine;
using Kes.Api.Cli.Common;

namespace Kes.Api.Cli.Policies;

/// <summary><c>kes policy ls [pattern]</c>: the policy names under upstream's header <c>Key</c>; <c>--json</c> prints the array and the table.</summary>
internal static class PolicyListCommand
{
    public static Command Create(CliConsole console)
    {
        var arguments = CliOptions.Arguments("pattern");
        var insecure = CliOptions.Insecure();
        var json = CliOptions.Json();
        var color = CliOptions.Color();
        var command = new Command("ls", "List KES policies") { arguments, insecure, json, color, CliOptions.Enclave() };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var args = Usage.AtMost(parse.GetValue(arguments), 1, "policy ls");
            var pattern = args.Length == 0 ? "*" : args[0];
            var useColor = CliOptions.UseColor(parse.GetValue(color), console);
            using var connection = ClientConnection.Open(console, parse.GetValue(insecure));
            List<string> names;
            try
            {
                names = [.. (await connection.Client.ListPoliciesAsync(pattern, cancellationToken).ConfigureAwait(false)).Names];
            }
            catch (Exception e) when (ClientFailure.Is(e))
            {
                throw new CliException($"failed to list policies: {e.Message}", e);
            }

            NameTable.Write(console, "Key", names, parse.GetValue(json), useColor);
            return 0;
        });
        return command;
    }
}
