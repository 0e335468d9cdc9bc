using System.CommandLine;
using Kes.Api.Cli.Common;
using Kes.Infrastructure.Seals;
using Kes.Infrastructure.Seals.Pkcs11;

namespace Kes.Api.Cli.Hsm;

/// <summary><c>kes hsm init-root-key</c> (docs/cli.md §4.11): creates the seal's root key in a PKCS#11 token, for development; our extension.</summary>
internal static class HsmCommand
{
    /// <summary>Where the PIN is read from before it is asked for.</summary>
    public const string PinVariable = "KES_HSM_PIN";

    public static Command Create(CliConsole console)
    {
        var module = new Option<string?>("--module") { Description = "Path to the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so" };
        var token = new Option<string?>("--token") { Description = "Label of the token" };
        var key = new Option<string?>("--key") { Description = "Label of the new AES-256 root key" };
        var init = new Command("init-root-key", $"Create a non-extractable AES-256 root key in a PKCS#11 token (PIN from ${PinVariable} or a prompt)") { module, token, key };
        init.SetAction(parse =>
        {
            var modulePath = Required(parse.GetValue(module), "--module");
            var tokenLabel = Required(parse.GetValue(token), "--token");
            var keyLabel = Required(parse.GetValue(key), "--key");
            var pin = console.Environment(PinVariable) ?? console.ReadPassword($"Enter the user PIN of token '{tokenLabel}': ")
                ?? throw new CliException($"no PIN: set ${PinVariable} or type it at the prompt");
            try
            {
                Pkcs11RootKey.Create(modulePath, tokenLabel, pin, keyLabel);
            }
            catch (SealException e)
            {
                throw new CliException(e.Message, e);
            }

            console.Out.Write($"Created root key '{keyLabel}' in token '{tokenLabel}'\n");
            console.Out.Flush();
            return 0;
        });
        return new Command("hsm", "Manage the HSM that seals the keystore") { init };
    }

    private static string Required(string? value, string flag) =>
        string.IsNullOrEmpty(value) ? throw new CliException($"no {flag} specified") : value;
}
