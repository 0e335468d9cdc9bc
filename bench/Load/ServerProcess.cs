using System.Diagnostics;
using System.Globalization;

namespace Kes.Bench.Load;

/// <summary>A KES server process the tool starts itself, for the cold figures: time to first answer and the first requests after start.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, long started)
    {
        _process = process;
        Started = started;
    }

    /// <summary>The <see cref="Stopwatch"/> timestamp just before the process was started.</summary>
    public long Started { get; }

    /// <summary>The resident set now, in kB (VmRSS).</summary>
    public long ResidentKb => ReadStatus("VmRSS:");

    /// <summary>The highest resident set so far, in kB (VmHWM).</summary>
    public long PeakResidentKb => ReadStatus("VmHWM:");

    /// <summary>Starts <paramref name="commandLine"/> (split on spaces); its output is read and dropped so the audit log never blocks it.</summary>
    public static ServerProcess Start(string commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var words = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var info = new ProcessStartInfo(words[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var word in words.Skip(1))
        {
            info.ArgumentList.Add(word);
        }

        var started = Stopwatch.GetTimestamp();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start '{commandLine}'");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerProcess(process, started);
    }

    /// <summary>Sends <c>GET /version</c> until the server answers; returns the time from process start to that answer.</summary>
    public async Task<TimeSpan> WaitForFirstAnswerAsync(HttpClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the server exited with code {_process.ExitCode} before it answered");
            }

            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/version") { Version = client.DefaultRequestVersion, VersionPolicy = client.DefaultVersionPolicy };
                using var response = await client.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return Stopwatch.GetElapsedTime(Started);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(5, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private long ReadStatus(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
