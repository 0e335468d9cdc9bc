using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

namespace Kes.IntegrationTests.Server;

/// <summary>The real <c>kes</c> executable (<c>dotnet kes.dll server …</c>) as a child process: its output, its port from the banner, signals and clients.</summary>
public sealed partial class KesProcess : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly List<HttpClient> _clients = [];

    private KesProcess(Process process) => _process = process;

    /// <summary>What the process printed on stdout so far.</summary>
    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    /// <summary>What the process printed on stderr so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>The operating system's id of the server process.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The port the banner announced.</summary>
    public int Port { get; private set; }

    /// <summary>Starts <c>kes</c> with <paramref name="arguments"/> and extra environment variables.</summary>
    public static KesProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var kes = Path.Combine(AppContext.BaseDirectory, "kes.dll");
        Assert.True(File.Exists(kes), "kes.dll is not next to the test assembly");
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(kes);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var kesProcess = new KesProcess(process);
        process.OutputDataReceived += (_, e) => Append(kesProcess._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(kesProcess._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return kesProcess;
    }

    /// <summary>Waits for the banner's last line and reads the port from its API line.</summary>
    public async Task WaitUntilRunningAsync()
    {
        await WaitForOutputAsync("=> Server is up and running...");
        Port = int.Parse(ApiLine().Match(Stdout).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until stdout contains <paramref name="text"/> <paramref name="times"/> times; fails with the output if the process exits or takes too long.</summary>
    public async Task WaitForOutputAsync(string text, int times = 1)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (Count(Stdout, text) < times)
        {
            Assert.True(!_process.HasExited && DateTime.UtcNow < deadline, $"no '{text}' (×{times}) from kes.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
            await Task.Delay(25);
        }
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>Sends a signal with <c>kill</c>, as an operator would.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>A client presenting <paramref name="certificate"/> that trusts exactly <paramref name="serverCertificate"/>, speaking <paramref name="version"/> (HTTP/1.1 unless given).</summary>
    public HttpClient Client(X509Certificate2 certificate, X509Certificate2 serverCertificate, Version? version = null)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [certificate],
                LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate,
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(serverCertificate.RawData),
            },
        };
        var client = new HttpClient(handler)
        {
            BaseAddress = new Uri($"https://127.0.0.1:{Port}"),
            DefaultRequestVersion = version ?? HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        _clients.Add(client);
        return client;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Append(line).Append('\n');
        }
    }

    private static int Count(string text, string value)
    {
        var count = 0;
        for (var index = text.IndexOf(value, StringComparison.Ordinal); index >= 0; index = text.IndexOf(value, index + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [GeneratedRegex(@"API\s+· https://127\.0\.0\.1:(\d+)")]
    private static partial Regex ApiLine();
}
