using System.CommandLine;
using System.Globalization;
using Kes.Api.Cli.Common;
using Kes.Client;

namespace Kes.Api.Cli.Keys;

/// <summary><c>kes key info &lt;name&gt;</c>: name, algorithm, creation date and owner; with <c>--json</c> the description, <c>algorithm</c> omitted for AES256 as upstream does.</summary>
internal static class KeyInfoCommand
{
    public static Command Create(CliConsole console)
    {
        var arguments = CliOptions.Arguments("name");
        var insecure = CliOptions.Insecure();
        var json = CliOptions.Json();
        var color = CliOptions.Color();
        var command = new Command("info", "Get information about a cryptographic key") { arguments, insecure, json, color, CliOptions.Enclave() };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var args = Usage.AtMost(parse.GetValue(arguments), 1, "key info");
            if (args.Length == 0)
            {
                throw Usage.Error("no key name specified", "key info");
            }

            var useColor = CliOptions.UseColor(parse.GetValue(color), console);
            using var connection = ClientConnection.Open(console, parse.GetValue(insecure));
            KeyInfo info;
            try
            {
                info = await connection.Client.DescribeKeyAsync(args[0], cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (ClientFailure.Is(e))
            {
                // Upstream's wording, plural and without the name.
                throw new CliException($"failed to describe keys: {e.Message}", e);
            }

            if (parse.GetValue(json))
            {
                console.Out.Write(Json(info, console.IsTerminal) + "\n");
                return 0;
            }

            console.Out.Write(
                Line("Name", info.Name, useColor) + "\n"
                + Line("Algorithm", info.Algorithm, useColor) + "\n"
                + Line("Date", info.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), useColor) + "\n"
                + Line("Owner", info.CreatedBy, useColor));
            return 0;
        });
        return command;
    }

    /// <summary>A label padded to 11 columns and the value, as upstream's <c>%-11s %s</c>.</summary>
    internal static string Line(string label, string value, bool color) => Ansi.Bold(label.PadRight(11), color) + " " + value;

    private static string Json(KeyInfo info, bool indented) => JsonText.Write(
        json =>
        {
            json.WriteStartObject();
            json.WriteString("name", info.Name);
            if (info.Algorithm != "AES256")
            {
                json.WriteString("algorithm", info.Algorithm);
            }

            json.WriteString("created_at", JsonText.Time(info.CreatedAt));
            json.WriteString("created_by", info.CreatedBy);
            json.WriteEndObject();
        },
        indented);
}
