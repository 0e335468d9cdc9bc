namespace Kes.IntegrationTests.Deploy;

/// <summary>podman with a private vfs image store and runc, the way it works on our machines (crun refuses their hybrid cgroups).</summary>
public sealed class Podman : IDisposable
{
    private readonly string _executable;
    private readonly string _folder;

    private Podman(string executable, string folder)
    {
        _executable = executable;
        _folder = folder;
    }

    /// <summary>Arguments every <c>podman run</c> needs here, besides what the test chooses.</summary>
    public static IReadOnlyList<string> HostRunArguments { get; } =
        ["--runtime", "/usr/sbin/runc", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1000:1000"];

    /// <summary>A podman with its own store, or the reason it cannot run containers on this machine.</summary>
    public static async Task<(Podman? Podman, string? Unusable)> TryCreateAsync()
    {
        var executable = ExternalCommand.Find("podman");
        if (executable is null || !File.Exists("/usr/sbin/runc"))
        {
            return (null, "podman and runc are not installed (.ci/install-deploy-tools installs them)");
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return (null, "podman runs here rootful only (rootless needs subordinate uid ranges and slirp4netns, not set up)");
        }

        var podman = new Podman(executable, Directory.CreateTempSubdirectory("kes-podman-").FullName);
        var info = await podman.RunAsync("info");
        if (!info.Succeeded)
        {
            podman.Dispose();
            return (null, "podman cannot run on this machine: " + info.Error.Trim());
        }

        return (podman, null);
    }

    /// <summary>Runs <c>podman</c> with this store and <paramref name="arguments"/>.</summary>
    public Task<CommandResult> RunAsync(params string[] arguments) =>
        ExternalCommand.RunAsync(_executable, [
            "--root", Path.Combine(_folder, "storage"), "--runroot", Path.Combine(_folder, "run"),
            "--storage-driver", "vfs", "--cgroup-manager", "cgroupfs", "--events-backend", "file", .. arguments], TimeSpan.FromMinutes(3));

    /// <summary>Like <see cref="RunAsync"/>, failing the test when podman fails.</summary>
    public async Task<string> RunCheckedAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.Succeeded, $"podman {string.Join(' ', arguments)}: {result}");
        return result.Output.Trim();
    }

    /// <summary>Loads an OCI archive into the store and returns the image reference it holds.</summary>
    public async Task<string> LoadAsync(string archive)
    {
        var loaded = await RunCheckedAsync("load", "--quiet", "--input", archive);
        return loaded[(loaded.LastIndexOf(' ') + 1)..];
    }

    /// <summary>Removes every container and image of this store, then the store.</summary>
    public void Dispose()
    {
        RunAsync("rm", "--all", "--force").GetAwaiter().GetResult();
        RunAsync("rmi", "--all", "--force").GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }
}
