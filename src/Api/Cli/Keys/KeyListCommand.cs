using System.CommandLine;
using Kes.Api.Cli.Common;

namespace Kes.Api.Cli.Keys;

/// <summary><c>kes key ls [pattern]</c>: pages through the listing as kms-go's iterator does (<c>continue_at</c> as the next prefix); <c>--json</c> prints the array and then the table too, as upstream does.</summary>
internal static class KeyListCommand
{
    public static Command Create(CliConsole console)
    {
        var arguments = CliOptions.Arguments("pattern");
        var insecure = CliOptions.Insecure();
        var json = CliOptions.Json();
        var color = CliOptions.Color();
        var command = new Command("ls", "List cryptographic keys") { arguments, insecure, json, color, CliOptions.Enclave() };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var args = Usage.AtMost(parse.GetValue(arguments), 1, "key ls");
            var pattern = args.Length == 0 ? "*" : args[0];
            var useColor = CliOptions.UseColor(parse.GetValue(color), console);
            using var connection = ClientConnection.Open(console, parse.GetValue(insecure));
            var names = new List<string>();
            try
            {
                var prefix = pattern;
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (seen.Add(prefix))
                {
                    var page = await connection.Client.ListKeysAsync(prefix, cancellationToken).ConfigureAwait(false);
                    names.AddRange(page.Names);
                    if (page.ContinueAt.Length == 0)
                    {
                        break;
                    }

                    prefix = page.ContinueAt;
                }
            }
            catch (Exception e) when (ClientFailure.Is(e))
            {
                throw new CliException($"failed to list keys: {e.Message}", e);
            }

            NameTable.Write(console, "Key", names, parse.GetValue(json), useColor);
            return 0;
        });
        return command;
    }
}
