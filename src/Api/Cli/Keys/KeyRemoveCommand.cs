using System.CommandLine;
using Kes.Api.Cli.Common;

namespace Kes.Api.Cli.Keys;

/// <summary><c>kes key rm &lt;name&gt;...</c>: deletes each key in turn, stopping at the first error.</summary>
internal static class KeyRemoveCommand
{
    public static Command Create(CliConsole console)
    {
        var names = CliOptions.Arguments("name");
        var insecure = CliOptions.Insecure();
        var command = new Command("rm", "Remove one or more keys") { names, insecure, CliOptions.Enclave() };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var arguments = parse.GetValue(names) ?? [];
            if (arguments.Length == 0)
            {
                throw Usage.Error("no key name specified", "key rm");
            }

            using var connection = ClientConnection.Open(console, parse.GetValue(insecure));
            foreach (var name in arguments)
            {
                try
                {
                    await connection.Client.DeleteKeyAsync(name, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (ClientFailure.Is(e))
                {
                    throw new CliException($"failed to remove key \"{name}\": {e.Message}", e);
                }
            }

            return 0;
        });
        return command;
    }
}
