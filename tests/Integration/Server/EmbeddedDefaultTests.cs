using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Kes.IntegrationTests.Server;

/// <summary><c>kes server</c> with neither <c>--config</c> nor <c>--dev</c>, run as the real executable on a temporary <c>--data</c> folder: what a restart keeps, what the logs never show, and which folders it refuses.</summary>
[UnsupportedOSPlatform("windows")]
public sealed partial class EmbeddedDefaultTests : IDisposable
{
    private const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly string _parent = Directory.CreateTempSubdirectory("kes-embedded-").FullName;

    private string Data => Path.Combine(_parent, "kes-data");

    /// <summary>Each path of the data folder, a mode that is too loose for it, and the fix the refusal must name.</summary>
    public static TheoryData<string, int, string> LooseModes => new()
    {
        { string.Empty, 0b111_101_101, "chmod 700" },
        { "keys", 0b111_101_000, "chmod 700" },
        { "admin.key", 0b110_100_000, "chmod 600" },
        { "server.key", 0b110_000_100, "chmod 600" },
        { "client.key", 0b110_110_000, "chmod 600" },
        { "server.crt", 0b110_110_100, "chmod 644" },
        { "client.crt", 0b110_100_110, "chmod 644" },
    };

    [Fact]
    public async Task A_restart_serves_the_same_keys_and_no_start_prints_the_admin_api_key()
    {
        string first;
        await using (var server = Start())
        {
            await server.WaitUntilRunningAsync();
            Assert.Equal(200, await CurlAsync(server.Port, "/v1/key/create/kept"));
            first = server.Stdout + server.Stderr;
        }

        await using (var server = Start())
        {
            await server.WaitUntilRunningAsync();
            Assert.Equal(200, await CurlAsync(server.Port, "/v1/key/generate/kept", "{}"));
            var apiKey = (await File.ReadAllTextAsync(Path.Combine(Data, "admin.key"))).Trim();
            Assert.StartsWith("kes:v1:", apiKey, StringComparison.Ordinal);
            foreach (var output in new[] { first, server.Stdout + server.Stderr })
            {
                Assert.Contains("API Key file", output, StringComparison.Ordinal);
                Assert.Contains(Path.Combine(Data, "admin.key"), output, StringComparison.Ordinal);
                Assert.DoesNotContain(apiKey, output, StringComparison.Ordinal);
                Assert.DoesNotContain(apiKey["kes:v1:".Length..], output, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [MemberData(nameof(LooseModes))]
    public async Task A_path_open_to_group_or_others_is_refused(string name, int mode, string fix)
    {
        await CreateFolderAsync();
        var path = Path.Combine(Data, name);
        File.SetUnixFileMode(path, (UnixFileMode)mode);
        var (exit, stdout, stderr) = await RunAsync();
        Assert.Equal(1, exit);
        Assert.Contains($"'{path}' has mode 0{Convert.ToString(mode, 8)}", stderr, StringComparison.Ordinal);
        Assert.Contains($"Fix: {fix} '{path}'", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("up and running", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_premade_folder_open_to_others_is_refused_before_anything_is_written_into_it()
    {
        Directory.CreateDirectory(Data);
        File.SetUnixFileMode(Data, Folder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var (exit, _, stderr) = await RunAsync();
        Assert.Equal(1, exit);
        Assert.Equal($"Error: refusing the embedded default's data: '{Data}' has mode 0755, but it holds secrets and must be accessible by its owner only (0700). Fix: chmod 700 '{Data}'\n", stderr);
        Assert.Empty(Directory.GetFileSystemEntries(Data));
    }

    [SkippableTheory]
    [InlineData("")]
    [InlineData("admin.key")]
    [InlineData("server.key")]
    public async Task A_path_owned_by_another_user_is_refused(string name)
    {
        Skip.IfNot(OperatingSystem.IsLinux() && EffectiveUserId() == 0, "giving a file to another user (chown) needs root, and the owner check runs on Linux only");
        await CreateFolderAsync();
        var path = Path.Combine(Data, name);
        await ChownAsync("65534", path);
        var (exit, _, stderr) = await RunAsync();
        Assert.Equal(1, exit);
        Assert.Contains($"'{path}' is owned by uid 65534, not by uid 0 that runs the server", stderr, StringComparison.Ordinal);
        Assert.Contains($"chown 0 '{path}'", stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_parent, recursive: true);

    private KesProcess Start() => KesProcess.Start(["server", "--addr", "127.0.0.1:0", "--data", Data]);

    /// <summary>A complete, valid folder, made by a first start.</summary>
    private async Task CreateFolderAsync()
    {
        await using var server = Start();
        await server.WaitUntilRunningAsync();
    }

    private async Task<(int Exit, string Stdout, string Stderr)> RunAsync()
    {
        await using var server = Start();
        var exit = await server.WaitForExitAsync();
        return (exit, server.Stdout, server.Stderr);
    }

    /// <summary>The README's curl line: the folder's own CA and client certificate (Ed25519, which .NET's TLS client cannot present).</summary>
    private async Task<int> CurlAsync(int port, string path, string? body = null)
    {
        var start = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "--silent", "--output", "/dev/null", "--write-out", "%{http_code}",
            "--cacert", Path.Combine(Data, "server.crt"), "--cert", Path.Combine(Data, "client.crt"), "--key", Path.Combine(Data, "client.key"),
            "-X", "POST", "--data", body ?? string.Empty, $"https://127.0.0.1:{port}{path}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var curl = Process.Start(start)!;
        var status = await curl.StandardOutput.ReadToEndAsync();
        await curl.WaitForExitAsync();
        Assert.True(curl.ExitCode == 0, $"curl failed ({curl.ExitCode}): {await curl.StandardError.ReadToEndAsync()}");
        return int.Parse(status, CultureInfo.InvariantCulture);
    }

    private static async Task ChownAsync(string owner, string path)
    {
        using var chown = Process.Start("chown", [owner, path])!;
        await chown.WaitForExitAsync();
        Assert.Equal(0, chown.ExitCode);
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint EffectiveUserId();
}
