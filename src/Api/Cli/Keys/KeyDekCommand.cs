using System.CommandLine;
using Kes.Api.Cli.Common;
using Kes.Client;
using Kes.Domain.Keys;

namespace Kes.Api.Cli.Keys;

/// <summary><c>kes key dek &lt;name&gt; [&lt;context&gt;]</c>: a new data encryption key as compact JSON without newline, or labelled lines on a terminal.</summary>
internal static class KeyDekCommand
{
    public static Command Create(CliConsole console)
    {
        var arguments = CliOptions.Arguments();
        var insecure = CliOptions.Insecure();
        var command = new Command("dek", "Generate a new data encryption key") { arguments, insecure, CliOptions.Enclave() };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var args = Usage.AtMost(parse.GetValue(arguments), 2, "key dek");
            if (args.Length == 0)
            {
                throw Usage.Error("no key name specified", "key dek");
            }

            byte[] context;
            using (var decoded = args.Length == 2 ? Base64Argument.Decode(args[1], "context", "key dek") : SecretMemory.Allocate(0))
            {
                context = decoded.Span.ToArray();
            }

            using var connection = ClientConnection.Open(console, parse.GetValue(insecure));
            DataKey key;
            try
            {
                key = await connection.Client.GenerateKeyAsync(args[0], context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (ClientFailure.Is(e))
            {
                throw new CliException($"failed to generate data encryption key: {e.Message}", e);
            }

            using (key)
            {
                var ciphertext = Convert.ToBase64String(key.Ciphertext.Span);
                console.Out.Write(console.IsTerminal ? "\nplaintext:  " : "{\"plaintext\":\"");
                SecretText.WriteBase64(console.Out, key.Plaintext.Span);
                console.Out.Write(console.IsTerminal ? $"\nciphertext: {ciphertext}\n" : $"\",\"ciphertext\":\"{ciphertext}\"}}");
            }

            return 0;
        });
        return command;
    }
}
