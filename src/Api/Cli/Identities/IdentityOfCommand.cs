using System.CommandLine;
using Kes.Api.Cli.Common;
using Kes.Credentials.Certificates;
using Kes.Credentials.Keys;

namespace Kes.Api.Cli.Identities;

/// <summary><c>kes identity of &lt;api-key|cert-file&gt;</c>: the identity of an API key, or of the first certificate of a file that holds only certificates.</summary>
internal static class IdentityOfCommand
{
    public static Command Create(CliConsole console)
    {
        var arguments = CliOptions.Arguments();
        var command = new Command("of", "Compute the identity of an API key or certificate") { arguments };
        command.SetAction(parse =>
        {
            var args = Usage.AtMost(parse.GetValue(arguments), 1, "identity of");
            if (args.Length == 0)
            {
                throw Usage.Error("no API key or certificate specified", "identity of");
            }

            if (args[0].StartsWith(ApiKey.Prefix, StringComparison.Ordinal))
            {
                using var key = IdentityCommand.ParseApiKey(args[0]);
                IdentityCommand.WriteIdentity(console, key.Identity.Value);
                return 0;
            }

            var blocks = IdentityCommand.ReadPemFile(args[0]);
            if (blocks.Count == 0)
            {
                throw new CliException($"'{args[0]}' contains no PEM certificate");
            }

            foreach (var block in blocks)
            {
                if (block.Type != "CERTIFICATE")
                {
                    throw new CliException($"'{args[0]}' contains non-certificate PEM block '{block.Type}'");
                }
            }

            try
            {
                IdentityCommand.WriteIdentity(console, CertificateIdentity.Of(blocks[0].Bytes).Value);
            }
            catch (FormatException e)
            {
                throw new CliException($"failed to parse certificate '{args[0]}': {e.Message}", e);
            }

            return 0;
        });
        return command;
    }
}
