namespace Kes.IntegrationTests.Server;

/// <summary>What curl received: status, headers and body text; <see cref="Status"/> is 0 when no response arrived.</summary>
public sealed record CurlResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body, int ExitCode, string Error)
{
    /// <summary>Splits curl's <c>--include</c> output.</summary>
    public static CurlResponse Parse(string output, string error, int exitCode)
    {
        ArgumentNullException.ThrowIfNull(output);
        var headerEnd = output.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (!output.StartsWith("HTTP/", StringComparison.Ordinal) || headerEnd < 0)
        {
            return new CurlResponse(0, new Dictionary<string, string>(), output, exitCode, error);
        }

        var lines = output[..headerEnd].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon]] = line[(colon + 1)..].Trim();
        }

        return new CurlResponse(status, headers, output[(headerEnd + 4)..], exitCode, error);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Status} {Body} (curl exit {ExitCode}: {Error})";
}
