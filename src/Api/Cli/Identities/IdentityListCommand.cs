using System.CommandLine;
using Kes.Api.Cli.Common;

namespace Kes.Api.Cli.Identities;

/// <summary><c>kes identity ls [pattern]</c>: every identity by default (<c>GET /v1/identity/list</c>, redirected); <c>--json</c> prints the array and the table.</summary>
internal static class IdentityListCommand
{
    public static Command Create(CliConsole console)
    {
        var arguments = CliOptions.Arguments("pattern");
        var insecure = CliOptions.Insecure();
        var json = CliOptions.Json();
        var color = CliOptions.Color();
        var command = new Command("ls", "List KES identities") { arguments, insecure, json, color, CliOptions.Enclave() };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var args = Usage.AtMost(parse.GetValue(arguments), 1, "identity ls");
            var pattern = args.Length == 0 ? string.Empty : args[0];
            var useColor = CliOptions.UseColor(parse.GetValue(color), console);
            using var connection = ClientConnection.Open(console, parse.GetValue(insecure));
            List<string> names;
            try
            {
                names = [.. (await connection.Client.ListIdentitiesAsync(pattern, cancellationToken).ConfigureAwait(false)).Names];
            }
            catch (Exception e) when (ClientFailure.Is(e))
            {
                throw new CliException($"failed to list identities: {e.Message}", e);
            }

            NameTable.Write(console, "Identity", names, parse.GetValue(json), useColor);
            return 0;
        });
        return command;
    }
}
