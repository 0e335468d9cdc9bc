using System.CommandLine;
using System.Text;
using Kes.Api.Cli.Common;

namespace Kes.Api.Cli.Keys;

/// <summary><c>kes key encrypt &lt;name&gt; &lt;message&gt;</c>: encrypts the UTF-8 message without context; compact JSON without newline, or a labelled line on a terminal.</summary>
internal static class KeyEncryptCommand
{
    public static Command Create(CliConsole console)
    {
        var arguments = CliOptions.Arguments();
        var insecure = CliOptions.Insecure();
        var command = new Command("encrypt", "Encrypt a message") { arguments, insecure, CliOptions.Enclave() };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var args = Usage.AtMost(parse.GetValue(arguments), 2, "key encrypt");
            if (args.Length == 0)
            {
                throw Usage.Error("no key name specified", "key encrypt");
            }

            if (args.Length == 1)
            {
                throw Usage.Error("no message specified", "key encrypt");
            }

            using var connection = ClientConnection.Open(console, parse.GetValue(insecure));
            byte[] ciphertext;
            try
            {
                ciphertext = await connection.Client.EncryptAsync(args[0], Encoding.UTF8.GetBytes(args[1]), default, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (ClientFailure.Is(e))
            {
                throw new CliException($"failed to encrypt message: {e.Message}", e);
            }

            var encoded = Convert.ToBase64String(ciphertext);
            console.Out.Write(console.IsTerminal ? $"\nciphertext: {encoded}\n" : $"{{\"ciphertext\":\"{encoded}\"}}");
            return 0;
        });
        return command;
    }
}
