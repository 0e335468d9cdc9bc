using System.CommandLine;
using System.Globalization;
using System.Text;
using Kes.Api.Cli.Common;
using Kes.Api.Cli.Keys;
using Kes.Api.Cli.Policies;

namespace Kes.Api.Cli.Identities;

/// <summary><c>kes identity info [&lt;identity&gt;]</c>: the caller's own standing (self-describe), or another identity's.</summary>
internal static class IdentityInfoCommand
{
    public static Command Create(CliConsole console)
    {
        var arguments = CliOptions.Arguments("identity");
        var insecure = CliOptions.Insecure();
        var color = CliOptions.Color();
        var command = new Command("info", "Get information about a KES identity") { arguments, insecure, CliOptions.Json(), color, CliOptions.Enclave() };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var args = Usage.AtMost(parse.GetValue(arguments), 1, "identity info");
            var useColor = CliOptions.UseColor(parse.GetValue(color), console);
            using var connection = ClientConnection.Open(console, parse.GetValue(insecure));
            var output = new StringBuilder();
            try
            {
                if (args.Length == 0)
                {
                    var self = await connection.Client.DescribeSelfAsync(cancellationToken).ConfigureAwait(false);
                    output.Append(KeyInfoCommand.Line("Identity", self.Identity, useColor)).Append('\n');
                    output.Append(KeyInfoCommand.Line("Created At", Date(self.CreatedAt), useColor)).Append('\n');
                    output.Append(KeyInfoCommand.Line("Role", self.IsAdmin ? "Admin" : "User", useColor)).Append('\n');
                    if (self.CreatedBy.Length != 0)
                    {
                        output.Append(KeyInfoCommand.Line("Created By", self.CreatedBy, useColor)).Append('\n');
                    }

                    if (self.Policy is { } policy)
                    {
                        output.Append('\n').Append(KeyInfoCommand.Line("Policy", policy.Name, useColor)).Append('\n');
                        output.Append(PolicyShowCommand.Text(policy));
                    }
                }
                else
                {
                    var info = await connection.Client.DescribeIdentityAsync(args[0], cancellationToken).ConfigureAwait(false);
                    output.Append(KeyInfoCommand.Line("Identity", info.Identity, useColor)).Append('\n');
                    if (info.Policy.Length != 0)
                    {
                        output.Append(KeyInfoCommand.Line("Policy", info.Policy, useColor)).Append('\n');
                    }

                    output.Append(KeyInfoCommand.Line("Created At", Date(info.CreatedAt), useColor)).Append('\n');
                    output.Append(KeyInfoCommand.Line("Role", info.IsAdmin ? "Admin" : "User", useColor)).Append('\n');
                    if (info.CreatedBy.Length != 0)
                    {
                        output.Append(KeyInfoCommand.Line("Created By", info.CreatedBy, useColor)).Append('\n');
                    }
                }
            }
            catch (Exception e) when (ClientFailure.Is(e))
            {
                throw new CliException($"failed to describe identity: {e.Message}", e);
            }

            console.Out.Write(output.ToString());
            return 0;
        });
        return command;
    }

    private static string Date(DateTimeOffset time) => time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
