using System.Diagnostics;
using System.Runtime.InteropServices;
using Kes.Application.Requests;
using Kes.Domain.Errors;
using Mediator;

namespace Kes.Application.Status;

/// <summary><c>GET /v1/status</c>: version, platform, uptime, memory and the keystore's health (docs/api.md §7.3).</summary>
public sealed record GetStatus(RequestContext Context) : IQuery<StatusReport>, IKesRequest
{
    /// <inheritdoc />
    public KesError FailureError => KesError.VersionUnavailable;
}

/// <summary>What status answers; <see cref="KeyStoreLatency"/> is null when the keystore failed.</summary>
public sealed record StatusReport(
    string Version,
    string OS,
    string Arch,
    TimeSpan UpTime,
    int NumCpu,
    int NumCpuUsed,
    long HeapUsed,
    long StackUsed,
    TimeSpan? KeyStoreLatency);

/// <summary>Reads the runtime's figures and probes the keystore through the cache.</summary>
public sealed class GetStatusHandler(BuildInfo build, ServerClock clock) : IQueryHandler<GetStatus, StatusReport>
{
    /// <summary>The stack the runtime reserves per thread on Linux; .NET has no counter of committed stack bytes.</summary>
    private const long StackPerThread = 1024 * 1024;

    /// <inheritdoc />
    public async ValueTask<StatusReport> Handle(GetStatus query, CancellationToken cancellationToken)
    {
        TimeSpan? latency;
        try
        {
            latency = await query.Context.State.Cache.StatusAsync(cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Any keystore failure is reported as keystore_unreachable, as upstream does.
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            latency = null;
        }

        using var process = Process.GetCurrentProcess();
        return new StatusReport(
            build.Version,
            GoPlatform.OS,
            GoPlatform.Arch,
            clock.UpTime,
            Environment.ProcessorCount,
            Environment.ProcessorCount,
            Math.Max(GC.GetGCMemoryInfo().HeapSizeBytes, GC.GetTotalMemory(false)),
            process.Threads.Count * StackPerThread,
            latency);
    }
}

/// <summary>The Go GOOS/GOARCH spellings clients expect.</summary>
public static class GoPlatform
{
    /// <summary>linux, darwin, windows or freebsd.</summary>
    public static string OS { get; } =
        OperatingSystem.IsLinux() ? "linux"
        : OperatingSystem.IsMacOS() ? "darwin"
        : OperatingSystem.IsWindows() ? "windows"
        : OperatingSystem.IsFreeBSD() ? "freebsd"
        : RuntimeInformation.OSDescription.ToLowerInvariant();

    /// <summary>amd64, arm64, ppc64le, s390x, 386 or arm.</summary>
    public static string Arch { get; } = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.Ppc64le => "ppc64le",
        Architecture.S390x => "s390x",
        Architecture.X86 => "386",
        Architecture.Arm => "arm",
        var other => other.ToString().ToLowerInvariant(),
    };
}
