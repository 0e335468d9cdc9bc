using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

namespace Kes.Bench.Fuzz;

/// <summary>A <c>kes server</c> child process on 127.0.0.1 with an fs keystore in a temporary folder, an admin, a policy with one member, and a stranger.</summary>
public sealed partial class KesServerProcess : IAsyncDisposable
{
    private const int KeptOutput = 1 << 20;

    private readonly Process _process;
    private readonly string _folder;
    private readonly StringBuilder _output = new();

    private KesServerProcess(Process process, string folder, X509Certificate2 server, Dictionary<Caller, X509Certificate2> callers)
    {
        _process = process;
        _folder = folder;
        ServerCertificate = server;
        Callers = callers;
    }

    public X509Certificate2 ServerCertificate { get; }

    public IReadOnlyDictionary<Caller, X509Certificate2> Callers { get; }

    public Uri Address { get; private set; } = new("https://127.0.0.1");

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Writes the config and starts <c>kes server --config …</c>, then waits for its banner.</summary>
    /// <param name="kes">The server's kes.dll, run with <c>dotnet</c>, or a native (AOT) executable, run directly.</param>
    /// <param name="heapLimitMiB">When set, the server's GC heap hard limit: a leak then ends in an out-of-memory crash instead of a slowly growing heap.</param>
    public static async Task<KesServerProcess> StartAsync(string kes, int? heapLimitMiB)
    {
        var folder = Directory.CreateTempSubdirectory("kes-fuzz-").FullName;
        var server = Certificates.Server();
        var callers = new Dictionary<Caller, X509Certificate2>
        {
            [Caller.Admin] = Certificates.Client("admin"),
            [Caller.Member] = Certificates.Client("member"),
            [Caller.Stranger] = Certificates.Client("stranger"),
        };
        await File.WriteAllTextAsync(Path.Combine(folder, "server.cert"), server.ExportCertificatePem()).ConfigureAwait(false);
        using (var key = server.GetECDsaPrivateKey()!)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "server.key"), key.ExportPkcs8PrivateKeyPem()).ConfigureAwait(false);
        }

        var config = Path.Combine(folder, "config.yml");
        await File.WriteAllTextAsync(config, Config(folder, callers)).ConfigureAwait(false);
        var managed = kes.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(managed ? "dotnet" : kes) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (managed ? new[] { kes } : []).Concat(["server", "--config", config]))
        {
            start.ArgumentList.Add(argument);
        }

        if (heapLimitMiB is { } limit)
        {
            start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + ((long)limit << 20).ToString("X", CultureInfo.InvariantCulture);
        }

        var process = new Process { StartInfo = start };
        var started = new KesServerProcess(process, folder, server, callers);
        process.OutputDataReceived += (_, e) => started.Append(e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await started.WaitForBannerAsync().ConfigureAwait(false);
        return started;
    }

    /// <summary>The kes.dll of src/Api's Release, else Debug, build output in the repository this tool runs from.</summary>
    /// <exception cref="FileNotFoundException">Neither is built.</exception>
    public static string DefaultKes()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Kes.sln")))
            {
                foreach (var configuration in new[] { "Release", "Debug" })
                {
                    var dll = Path.Combine(directory.FullName, "src", "Api", "bin", configuration, "net10.0", "kes.dll");
                    if (File.Exists(dll))
                    {
                        return dll;
                    }
                }
            }
        }

        throw new FileNotFoundException("kes.dll not found: build src/Api or pass --kes");
    }

    /// <summary>What the process printed so far (its first MiB), stdout and stderr interleaved.</summary>
    public string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
        ServerCertificate.Dispose();
        foreach (var certificate in Callers.Values)
        {
            certificate.Dispose();
        }

        Directory.Delete(_folder, recursive: true);
    }

    private static string Config(string folder, Dictionary<Caller, X509Certificate2> callers) => $"""
        address: 127.0.0.1:0
        admin:
          identity: {Certificates.IdentityOf(callers[Caller.Admin])}
        tls:
          key: {Path.Combine(folder, "server.key")}
          cert: {Path.Combine(folder, "server.cert")}
        policy:
          fuzz:
            allow:
            - /v1/key/create/fuzz-*
            - /v1/key/import/fuzz-*
            - /v1/key/generate/*
            - /v1/key/encrypt/*
            - /v1/key/decrypt/*
            - /v1/key/bulk/decrypt/*
            - /v1/key/hmac/*
            - /v1/key/describe/*
            - /v1/key/list/*
            - /v1/policy/describe/*
            - /v1/identity/self/describe
            - /v1/status
            - /v1/metrics
            deny:
            - /v1/key/decrypt/my-key
            identities:
            - {Certificates.IdentityOf(callers[Caller.Member])}
        keys:
        - name: my-key
        keystore:
          fs:
            path: {Path.Combine(folder, "keys")}

        """;

    private async Task WaitForBannerAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!Output().Contains("=> Server is up and running...", StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("kes did not start:\n" + Output());
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        Address = new Uri("https://127.0.0.1:" + int.Parse(ApiLine().Match(Output()).Groups[1].Value, CultureInfo.InvariantCulture));
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            // The audit log goes to stdout too: a run of a million requests would keep hundreds of MB here, and
            // what a failed start needs to show comes first.
            if (_output.Length < KeptOutput)
            {
                _output.Append(line).Append('\n');
            }
        }
    }

    [GeneratedRegex(@"API\s+· https://127\.0\.0\.1:(\d+)")]
    private static partial Regex ApiLine();
}
