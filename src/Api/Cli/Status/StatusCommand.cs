using Kes.Domain.Time;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Kes.Api.Cli.Common;
using Kes.Client;

namespace Kes.Api.Cli.Status;

/// <summary><c>kes status [-s] [--api] [--json]</c> (docs/cli.md §4.7): the server's state, and with <c>--api</c> its routes.</summary>
internal static class StatusCommand
{
    public static Command Create(CliConsole console)
    {
        var insecure = CliOptions.Insecure();
        var shortForm = new Option<bool>("--short", "-s") { Description = "Print status information in a short summary format" };
        var api = new Option<bool>("--api") { Description = "List all server APIs" };
        var json = CliOptions.Json();
        var color = CliOptions.Color();
        var command = new Command("status", "Print status information about a KES server") { insecure, shortForm, api, json, color };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var useColor = CliOptions.UseColor(parse.GetValue(color), console);
            var isShort = parse.GetValue(shortForm);
            using var connection = ClientConnection.Open(console, parse.GetValue(insecure));
            ServerStatus status;
            IReadOnlyList<ApiRoute> routes = [];
            var started = Stopwatch.GetTimestamp();
            TimeSpan latency;
            try
            {
                status = await connection.Client.StatusAsync(cancellationToken).ConfigureAwait(false);
                latency = Stopwatch.GetElapsedTime(started);
                if (parse.GetValue(api))
                {
                    routes = await connection.Client.ApisAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (ClientFailure.Is(e))
            {
                throw new CliException($"failed to fetch status: {e.Message}", e);
            }

            var indented = console.IsTerminal && !isShort;
            if (parse.GetValue(json))
            {
                console.Out.Write((parse.GetValue(api) ? ApiJson(routes, indented) : StatusJson(status, indented)) + "\n");
                return 0;
            }

            var output = new StringBuilder();
            output.Append(Ansi.Green("●", useColor)).Append(' ').Append(Ansi.Bold(connection.FirstEndpoint, useColor)).Append('\n');
            if (!isShort)
            {
                Line(output, "Version", status.Version, useColor);
                Line(output, "Uptime", Units.UpTime(status.UpTime), useColor);
                Line(output, "Latency", GoDuration.Format(TimeSpan.FromTicks(latency.Ticks / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond)), useColor);
                Line(output, "OS", status.OS, useColor);
                Line(output, "CPUs", string.Create(CultureInfo.InvariantCulture, $"{status.UsableCpus} {status.Arch}"), useColor);
                Line(output, "Memory", Units.Bytes(status.HeapUsed + status.StackUsed), useColor);
                Line(output, "  · Heap", Units.Bytes(status.HeapUsed), useColor);
                Line(output, "  · Stack", Units.Bytes(status.StackUsed), useColor);
            }

            if (routes.Count > 0)
            {
                output.Append('\n').Append(Ansi.Bold(string.Create(CultureInfo.InvariantCulture, $"  {"Method",-8}{"API",-34}{"Timeout"}"), useColor)).Append('\n');
                foreach (var route in routes.OrderBy(static r => r.Path, StringComparer.Ordinal))
                {
                    var timeout = route.Timeout == TimeSpan.Zero ? "Inf" : GoDuration.Format(route.Timeout);
                    output.Append(string.Create(CultureInfo.InvariantCulture, $"  {route.Method,-8}{route.Path,-34}{timeout}")).Append('\n');
                }
            }

            console.Out.Write(output.ToString());
            return 0;
        });
        return command;
    }

    /// <summary>kms-go's re-encoding of the status: wire names, <c>uptime</c> in seconds as a float, <c>keystore_latency</c> passed through as the SDK decodes it.</summary>
    internal static string StatusJson(ServerStatus status, bool indented) => JsonText.Write(
        json =>
        {
            json.WriteStartObject();
            json.WriteString("version", status.Version);
            json.WriteString("os", status.OS);
            json.WriteString("arch", status.Arch);
            json.WriteNumber("uptime", status.UpTime.TotalSeconds);
            json.WriteNumber("num_cpu", status.Cpus);
            json.WriteNumber("num_cpu_used", status.UsableCpus);
            json.WriteNumber("mem_heap_used", status.HeapUsed);
            json.WriteNumber("mem_stack_used", status.StackUsed);
            if (status.KeyStoreLatencyMilliseconds != 0)
            {
                json.WriteNumber("keystore_latency", status.KeyStoreLatencyMilliseconds);
            }

            if (status.KeyStoreUnavailable)
            {
                json.WriteBoolean("keystore_unavailable", true);
            }

            if (status.KeyStoreUnreachable)
            {
                json.WriteBoolean("keystore_unreachable", true);
            }

            json.WriteEndObject();
        },
        indented);

    private static string ApiJson(IReadOnlyList<ApiRoute> routes, bool indented) => JsonText.Write(
        json =>
        {
            json.WriteStartArray();
            foreach (var route in routes)
            {
                json.WriteStartObject();
                json.WriteString("method", route.Method);
                json.WriteString("path", route.Path);
                json.WriteNumber("max_body", route.MaxBody);
                json.WriteNumber("timeout", (long)route.Timeout.TotalSeconds);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        },
        indented);

    private static void Line(StringBuilder output, string label, string value, bool color) =>
        output.Append("  ").Append(Ansi.Cyan(label.PadRight(11), color)).Append(' ').Append(value).Append('\n');
}
