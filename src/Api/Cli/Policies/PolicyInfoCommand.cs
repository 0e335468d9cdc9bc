using System.CommandLine;
using System.Globalization;
using Kes.Api.Cli.Common;
using Kes.Api.Cli.Keys;
using Kes.Client;

namespace Kes.Api.Cli.Policies;

/// <summary><c>kes policy info &lt;name&gt;</c>: name, date (local time) and creator; <c>--json</c> indented on a terminal.</summary>
internal static class PolicyInfoCommand
{
    public static Command Create(CliConsole console)
    {
        var arguments = CliOptions.Arguments("name");
        var insecure = CliOptions.Insecure();
        var json = CliOptions.Json();
        var color = CliOptions.Color();
        var command = new Command("info", "Get information about a KES policy") { arguments, insecure, json, color, CliOptions.Enclave() };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var args = Usage.AtMost(parse.GetValue(arguments), 1, "policy info");
            if (args.Length == 0)
            {
                throw Usage.Error("no policy name specified", "policy info");
            }

            var useColor = CliOptions.UseColor(parse.GetValue(color), console);
            using var connection = ClientConnection.Open(console, parse.GetValue(insecure));
            PolicyInfo info;
            try
            {
                info = await connection.Client.DescribePolicyAsync(args[0], cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (ClientFailure.Is(e))
            {
                throw new CliException($"failed to describe policy \"{args[0]}\": {e.Message}", e);
            }

            if (parse.GetValue(json))
            {
                console.Out.Write(JsonText.Write(
                    writer =>
                    {
                        writer.WriteStartObject();
                        writer.WriteString("name", info.Name);
                        writer.WriteString("created_at", JsonText.Time(info.CreatedAt));
                        writer.WriteString("created_by", info.CreatedBy);
                        writer.WriteEndObject();
                    },
                    console.IsTerminal) + "\n");
                return 0;
            }

            console.Out.Write(
                KeyInfoCommand.Line("Name", info.Name, useColor) + "\n"
                + KeyInfoCommand.Line("Date", info.CreatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), useColor) + "\n"
                + KeyInfoCommand.Line("Created by", info.CreatedBy, useColor) + "\n");
            return 0;
        });
        return command;
    }
}
