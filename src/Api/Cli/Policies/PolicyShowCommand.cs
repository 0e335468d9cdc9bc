using System.CommandLine;
using System.Globalization;
using System.Text;
using Kes.Api.Cli.Common;
using Kes.Client;

namespace Kes.Api.Cli.Policies;

/// <summary><c>kes policy show &lt;name&gt;</c>: the rules as JSON off a terminal or with <c>--json</c>, else <c>Allow:</c> and <c>Deny:</c> lists.</summary>
internal static class PolicyShowCommand
{
    public static Command Create(CliConsole console)
    {
        var arguments = CliOptions.Arguments("name");
        var insecure = CliOptions.Insecure();
        var json = CliOptions.Json();
        var command = new Command("show", "Display a KES policy") { arguments, insecure, json, CliOptions.Enclave() };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var args = Usage.AtMost(parse.GetValue(arguments), 1, "policy show");
            if (args.Length == 0)
            {
                throw Usage.Error("no policy name specified", "policy show");
            }

            using var connection = ClientConnection.Open(console, parse.GetValue(insecure));
            PolicyDocument policy;
            try
            {
                policy = await connection.Client.GetPolicyAsync(args[0], cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (ClientFailure.Is(e))
            {
                throw new CliException($"failed to show policy \"{args[0]}\": {e.Message}", e);
            }

            if (parse.GetValue(json) || !console.IsTerminal)
            {
                console.Out.Write(Json(policy, console.IsTerminal) + "\n");
                return 0;
            }

            console.Out.Write(Text(policy));
            return 0;
        });
        return command;
    }

    /// <summary>The rules and creation as upstream's Policy type marshals: <c>allow</c> and <c>deny</c> as objects of empty rules, omitted when empty.</summary>
    internal static string Json(PolicyDocument policy, bool indented) => JsonText.Write(
        writer =>
        {
            writer.WriteStartObject();
            Rules(writer, "allow", policy.Allow);
            Rules(writer, "deny", policy.Deny);
            writer.WriteString("created_at", JsonText.Time(policy.CreatedAt));
            writer.WriteString("created_by", policy.CreatedBy);
            writer.WriteEndObject();
        },
        indented);

    /// <summary>The terminal form: the allow and deny lists, then who created the policy and when.</summary>
    internal static string Text(PolicyDocument policy)
    {
        var output = new StringBuilder();
        if (policy.Allow.Count > 0)
        {
            output.Append("Allow:\n");
            foreach (var pattern in policy.Allow)
            {
                output.Append("  · ").Append(pattern).Append('\n');
            }
        }

        if (policy.Deny.Count > 0)
        {
            output.Append(policy.Allow.Count > 0 ? "\n" : string.Empty).Append("Deny:\n");
            foreach (var pattern in policy.Deny)
            {
                output.Append("  · ").Append(pattern).Append('\n');
            }
        }

        output.Append('\n');
        output.Append("Created at: ").Append(policy.CreatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append('\n');
        output.Append("Created by: ").Append(policy.CreatedBy).Append('\n');
        return output.ToString();
    }

    private static void Rules(System.Text.Json.Utf8JsonWriter writer, string name, IReadOnlyList<string> patterns)
    {
        if (patterns.Count == 0)
        {
            return;
        }

        writer.WriteStartObject(name);
        foreach (var pattern in patterns)
        {
            writer.WriteStartObject(pattern);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
