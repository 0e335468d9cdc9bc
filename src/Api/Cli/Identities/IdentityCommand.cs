using System.CommandLine;
using System.Security.Cryptography;
using Kes.Api.Cli.Common;
using Kes.Credentials;
using Kes.Credentials.Certificates;
using Kes.Credentials.Keys;
using Kes.Credentials.Pem;

namespace Kes.Api.Cli.Identities;

/// <summary><c>kes identity [&lt;api-key&gt;|&lt;file&gt;]</c> (docs/cli.md §4.5): no argument makes a new API key; an API key or certificate gives its identity; an Ed25519 private key gives its API key.</summary>
internal static class IdentityCommand
{
    public static Command Create(CliConsole console)
    {
        var arguments = CliOptions.Arguments();
        var command = new Command("identity", "Identity and API key management")
        {
            arguments,
            IdentityNewCommand.Create(console),
            IdentityOfCommand.Create(console),
            IdentityInfoCommand.Create(console),
            IdentityListCommand.Create(console),
        };
        command.SetAction(parse =>
        {
            var args = Usage.AtMost(parse.GetValue(arguments), 1, "identity");
            if (args.Length == 0)
            {
                NewApiKey(console);
            }
            else if (args[0].StartsWith(ApiKey.Prefix, StringComparison.Ordinal))
            {
                using var key = ParseApiKey(args[0]);
                WriteIdentity(console, key.Identity.Value);
            }
            else
            {
                FromFile(console, args[0]);
            }

            return 0;
        });
        return command;
    }

    /// <summary>The identity alone off a terminal (no newline), a labelled line on one.</summary>
    internal static void WriteIdentity(CliConsole console, string identity) =>
        console.Out.Write(console.IsTerminal ? $"\n  Identity:  {identity}\n\n" : identity);

    internal static ApiKey ParseApiKey(string text)
    {
        try
        {
            return ApiKey.Parse(text);
        }
        catch (FormatException e)
        {
            throw new CliException(e.Message, e);
        }
    }

    private static void NewApiKey(CliConsole console)
    {
        using var key = ApiKey.Generate();
        if (!console.IsTerminal)
        {
            console.Out.Write(key.Reveal());
            return;
        }

        var text = key.Reveal();
        var width = Math.Max(text.Length, key.Identity.Value.Length) + 4;
        var border = new string('─', width);
        console.Out.Write(
            $"╭{border}╮\n"
            + Row("Your API key:", width)
            + Row(string.Empty, width)
            + Row("  " + text, width)
            + Row(string.Empty, width)
            + Row("Identity:", width)
            + Row(string.Empty, width)
            + Row("  " + key.Identity.Value, width)
            + $"╰{border}╯\n\n"
            + $"The identity can be computed again via:\n\n    kes identity {text}\n");
    }

    private static string Row(string content, int width) => $"│ {content.PadRight(width - 2)} │\n";

    /// <summary>The PEM blocks of a file named on the command line, read by the product's one PEM reader (docs/config.md §4.3).</summary>
    /// <exception cref="CliException">The file cannot be read; Go's message.</exception>
    internal static List<PemBlock> ReadPemFile(string path)
    {
        byte[] data;
        try
        {
            data = GoFileError.ReadFile(path);
        }
        catch (TlsLoadException e)
        {
            throw new CliException(e.Message, e);
        }

        try
        {
            return GoPem.DecodeAll(data);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(data);
        }
    }

    private static void FromFile(CliConsole console, string path)
    {
        var blocks = ReadPemFile(path);
        if (blocks.Count == 0)
        {
            throw new CliException($"'{path}' contains no valid PEM certificate or private key");
        }

        var (label, der) = (blocks[0].Type, blocks[0].Bytes);
        try
        {
            if (label == "CERTIFICATE")
            {
                WriteIdentity(console, CertificateIdentity.Of(der).Value);
                return;
            }

            if (label != "PRIVATE KEY")
            {
                throw new CliException($"'{path}' contains unsupported private key. Only ed25519 private keys are supported");
            }

            Span<byte> seed = stackalloc byte[Ed25519Pkcs8.SeedSize];
            try
            {
                if (!Ed25519Pkcs8.TryReadSeed(der, seed))
                {
                    throw new CliException($"'{path}' contains unsupported private key. Only ed25519 private keys are supported");
                }

                using var key = ApiKey.FromSeed(seed);
                console.Out.Write(console.IsTerminal ? $"\n  API key:  {key.Reveal()}\n\n" : key.Reveal());
            }
            finally
            {
                CryptographicOperations.ZeroMemory(seed);
            }
        }
        catch (FormatException e)
        {
            throw new CliException($"'{path}' contains no valid PEM certificate or private key", e);
        }
        finally
        {
            foreach (var block in blocks)
            {
                CryptographicOperations.ZeroMemory(block.Bytes);
            }
        }
    }
}
