using System.CommandLine;
using Kes.Api.Cli.Common;
using Kes.Domain.Keys;

namespace Kes.Api.Cli.Keys;

/// <summary><c>kes key decrypt &lt;name&gt; &lt;ciphertext&gt; [&lt;context&gt;]</c>: both base64; prints the plaintext as compact JSON without newline, or a labelled line on a terminal.</summary>
internal static class KeyDecryptCommand
{
    public static Command Create(CliConsole console)
    {
        var arguments = CliOptions.Arguments();
        var insecure = CliOptions.Insecure();
        var command = new Command("decrypt", "Decrypt a ciphertext") { arguments, insecure, CliOptions.Enclave() };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var args = Usage.AtMost(parse.GetValue(arguments), 3, "key decrypt");
            if (args.Length == 0)
            {
                throw Usage.Error("no key name specified", "key decrypt");
            }

            if (args.Length == 1)
            {
                throw Usage.Error("no ciphertext specified", "key decrypt");
            }

            byte[] ciphertext;
            byte[] context;
            using (var decoded = Base64Argument.Decode(args[1], "ciphertext", "key decrypt"))
            {
                ciphertext = decoded.Span.ToArray();
            }

            using (var decoded = args.Length == 3 ? Base64Argument.Decode(args[2], "context", "key decrypt") : SecretMemory.Allocate(0))
            {
                context = decoded.Span.ToArray();
            }

            using var connection = ClientConnection.Open(console, parse.GetValue(insecure));
            SecretMemory plaintext;
            try
            {
                plaintext = await connection.Client.DecryptAsync(args[0], ciphertext, context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (ClientFailure.Is(e))
            {
                throw new CliException($"failed to decrypt ciphertext: {e.Message}", e);
            }

            using (plaintext)
            {
                console.Out.Write(console.IsTerminal ? "\nplaintext: " : "{\"plaintext\":\"");
                SecretText.WriteBase64(console.Out, plaintext.Span);
                console.Out.Write(console.IsTerminal ? "\n" : "\"}");
            }

            return 0;
        });
        return command;
    }
}
