using System.Diagnostics;
using System.Text;

namespace Kes.IntegrationTests.Server;

/// <summary>Runs <c>openssl s_client</c> against a test server, as an operator checks what a server offers.</summary>
public static class OpenSslClient
{
    private const string OpenSsl = "/usr/bin/openssl";

    /// <summary>Why the openssl tests cannot run here, or null when they can.</summary>
    public static string? SkipReason => File.Exists(OpenSsl) ? null : "openssl s_client is needed at " + OpenSsl;

    /// <summary>Connects with <paramref name="arguments"/> added, sends nothing, and returns everything openssl printed.</summary>
    public static async Task<string> ConnectAsync(KesTestServer server, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(server);
        var start = new ProcessStartInfo(OpenSsl)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["s_client", "-connect", $"127.0.0.1:{server.BaseAddress.Port}", "-servername", "localhost", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(limit.Token);
        return new StringBuilder(await output).Append(await error).ToString();
    }
}
