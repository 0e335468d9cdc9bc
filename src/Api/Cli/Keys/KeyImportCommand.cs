using System.CommandLine;
using Kes.Api.Cli.Common;

namespace Kes.Api.Cli.Keys;

/// <summary><c>kes key import &lt;name&gt; &lt;base64-key&gt;</c>: imports a 32-byte key, always as AES256 (the SDK default).</summary>
internal static class KeyImportCommand
{
    public static Command Create(CliConsole console)
    {
        var arguments = CliOptions.Arguments();
        var insecure = CliOptions.Insecure();
        var command = new Command("import", "Import a cryptographic key") { arguments, insecure, CliOptions.Enclave() };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var args = Usage.AtMost(parse.GetValue(arguments), 2, "key import");
            if (args.Length == 0)
            {
                throw Usage.Error("no key name specified", "key import");
            }

            if (args.Length == 1)
            {
                throw Usage.Error("no crypto key specified", "key import");
            }

            var name = args[0];
            using var key = Base64Argument.Decode(args[1], "key", "key import");
            using var connection = ClientConnection.Open(console, parse.GetValue(insecure));
            var bytes = GC.AllocateArray<byte>(key.Length, pinned: true);
            try
            {
                key.Span.CopyTo(bytes);
                await connection.Client.ImportKeyAsync(name, bytes, "AES256", cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (ClientFailure.Is(e))
            {
                throw new CliException($"failed to import \"{name}\": {e.Message}", e);
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
            }

            return 0;
        });
        return command;
    }
}
