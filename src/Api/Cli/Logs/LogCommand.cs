using Kes.Domain.Time;
using System.CommandLine;
using System.Globalization;
using System.Text;
using Kes.Api.Cli.Common;
using Kes.Client;

namespace Kes.Api.Cli.Logs;

/// <summary><c>kes log [--audit|--error] [--json]</c> (docs/cli.md §4.6): follows the audit (default) or error log until interrupted.</summary>
internal static class LogCommand
{
    /// <summary>The audit table header; the columns are as wide as its labels with their padding.</summary>
    internal const string AuditHeader = "Time        Status    Identity                IP                 API                               Latency";

    public static Command Create(CliConsole console)
    {
        var audit = new Option<bool>("--audit") { Description = "Print audit logs (default)" };
        var error = new Option<bool>("--error") { Description = "Print error logs" };
        var json = CliOptions.Json();
        var insecure = CliOptions.Insecure();
        var command = new Command("log", "Print audit or error logs of a KES server") { audit, error, json, insecure };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var showErrors = parse.GetValue(error);
            if (showErrors && parse.GetResult(audit) is { Implicit: false } && parse.GetValue(audit))
            {
                throw new CliException("cannot display audit and error logs at the same time");
            }

            using var connection = ClientConnection.Open(console, parse.GetValue(insecure));
            try
            {
                if (parse.GetValue(json))
                {
                    await CopyAsync(console, connection.Client, showErrors, cancellationToken).ConfigureAwait(false);
                }
                else if (showErrors)
                {
                    await foreach (var record in connection.Client.ErrorLogAsync(cancellationToken).ConfigureAwait(false))
                    {
                        console.Out.Write(record.Message + "\n");
                        await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
                else
                {
                    await PrintAuditAsync(console, connection.Client, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Interrupted: the normal way for this command to end.
            }
            catch (Exception e) when (ClientFailure.Is(e))
            {
                throw new CliException($"failed to connect to {(showErrors ? "error" : "audit")} log: {e.Message}", e);
            }

            return 0;
        });
        return command;
    }

    /// <summary>One row of the audit table.</summary>
    internal static string Row(AuditEvent record)
    {
        var identity = record.Identity.Length > 20 ? record.Identity[..20] : record.Identity;
        var ip = record.ClientIP?.ToString() ?? "<unknown>";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{record.Time.ToLocalTime():HH:mm:ss}    {record.StatusCode,-10}{identity,-24}{ip,-19}{record.Path,-34}{GoDuration.Format(record.ResponseTime)}");
    }

    private static async Task CopyAsync(CliConsole console, KesClient client, bool errors, CancellationToken cancellationToken)
    {
        var stream = errors
            ? await client.OpenErrorLogAsync(cancellationToken).ConfigureAwait(false)
            : await client.OpenAuditLogAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                console.Out.Write(line + "\n");
                await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task PrintAuditAsync(CliConsole console, KesClient client, CancellationToken cancellationToken)
    {
        console.Out.Write(AuditHeader + "\n");
        await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var record in client.AuditLogAsync(cancellationToken).ConfigureAwait(false))
        {
            console.Out.Write(Row(record) + "\n");
            await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
