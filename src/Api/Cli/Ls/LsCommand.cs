using System.CommandLine;
using Kes.Api.Cli.Common;
using Kes.Client;

namespace Kes.Api.Cli.Ls;

/// <summary><c>kes ls [PREFIX]</c> (docs/cli.md §4.2): one page of keys, identities (<c>-i</c>) or policies (<c>-p</c>); on a terminal the header is underlined character by character, as upstream prints it.</summary>
/// <remarks>
/// Upstream underlines whenever stdout or stderr is a terminal, so <c>kes ls | cat -v</c> shows the
/// escapes; with both redirected it prints plain text, and so does this.
/// </remarks>
internal static class LsCommand
{
    public static Command Create(CliConsole console)
    {
        var arguments = CliOptions.Arguments("prefix");
        var apiKey = new Option<string?>("--api-key", "-a") { Description = "API key to authenticate to the KES server (default: the API key environment variable)" };
        var insecure = CliOptions.Insecure();
        var json = CliOptions.Json();
        var identities = new Option<bool>("--identity", "-i") { Description = "List identities" };
        var policies = new Option<bool>("--policy", "-p") { Description = "List policies" };
        var server = new Option<string?>("--server", "-s") { Description = "The KES server endpoint HOST[:PORT] (default: the server environment variable)" };
        var command = new Command("ls", "List keys, policies or identities") { arguments, apiKey, insecure, json, identities, policies, server };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var args = Usage.AtMost(parse.GetValue(arguments), 1, "ls");
            var prefix = args.Length == 0 ? string.Empty : args[0];
            var listIdentities = parse.GetValue(identities);
            var listPolicies = parse.GetValue(policies);
            if (listIdentities && listPolicies)
            {
                throw new CliException("'-p / --policy' and '-i / --identity' must not be used at the same time");
            }

            using var connection = ClientConnection.Open(console, parse.GetValue(insecure), parse.GetValue(server), parse.GetValue(apiKey));
            var (what, header) = listIdentities ? ("identities", "Identity") : listPolicies ? ("policies", "Policy") : ("keys", "Key");
            NameListing listing;
            try
            {
                listing = listIdentities
                    ? await connection.Client.ListIdentitiesAsync(prefix, cancellationToken).ConfigureAwait(false)
                    : listPolicies
                        ? await connection.Client.ListPoliciesAsync(prefix, cancellationToken).ConfigureAwait(false)
                        : await connection.Client.ListKeysAsync(prefix, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (ClientFailure.Is(e))
            {
                throw new CliException($"failed to list {what}: {e.Message}", e);
            }

            var names = listing.Names.ToList();
            names.Sort(StringComparer.Ordinal);
            if (parse.GetValue(json))
            {
                console.Out.Write(JsonText.Names(names) + "\n");
                return 0;
            }

            if (names.Count == 0)
            {
                return 0;
            }

            var output = new System.Text.StringBuilder(console.IsTerminal ? Ansi.UnderlineEachCharacter(header) : header).Append('\n');
            foreach (var name in names)
            {
                output.Append(name).Append('\n');
            }

            console.Out.Write(output.ToString());
            return 0;
        });
        return command;
    }
}
