using System.CommandLine;
using Kes.Api.Cli.Common;

namespace Kes.Api.Cli.Keys;

/// <summary><c>kes key create &lt;name&gt;...</c>: creates each key in turn, stopping at the first error.</summary>
internal static class KeyCreateCommand
{
    public static Command Create(CliConsole console)
    {
        var names = CliOptions.Arguments("name");
        var insecure = CliOptions.Insecure();
        var command = new Command("create", "Create one or more keys") { names, insecure, CliOptions.Enclave() };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var arguments = parse.GetValue(names) ?? [];
            if (arguments.Length == 0)
            {
                throw Usage.Error("no key name specified", "key create");
            }

            using var connection = ClientConnection.Open(console, parse.GetValue(insecure));
            foreach (var name in arguments)
            {
                try
                {
                    await connection.Client.CreateKeyAsync(name, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (ClientFailure.Is(e))
                {
                    throw new CliException($"failed to create key \"{name}\": {e.Message}", e);
                }
            }

            return 0;
        });
        return command;
    }
}
