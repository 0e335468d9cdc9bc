using System.Diagnostics;

namespace Kes.Bench.Load;

/// <summary>The baseline server as a child process, so it runs apart from the load generator just as the KES server does.</summary>
public sealed class BaselineProcess : IAsyncDisposable
{
    private readonly Process _process;

    private BaselineProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>Where the baseline listens.</summary>
    public Uri Address { get; }

    /// <summary>Starts this tool again in <c>serve-baseline</c> mode and waits for its port.</summary>
    public static async Task<BaselineProcess> StartAsync(string certificateFile, string keyFile)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(BaselineProcess).Assembly.Location);
        }

        foreach (var argument in new[] { "serve-baseline", "--baseline-cert", certificateFile, "--baseline-key", keyFile })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the baseline server");
        var port = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the baseline server did not report its port");
        return new BaselineProcess(process, new Uri($"https://127.0.0.1:{port.Trim()}"));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
