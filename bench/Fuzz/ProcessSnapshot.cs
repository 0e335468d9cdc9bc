using System.Globalization;

namespace Kes.Bench.Fuzz;

/// <summary>A process's resident memory and open file descriptors, read from /proc.</summary>
/// <param name="ResidentBytes">VmRSS.</param>
/// <param name="OpenDescriptors">Entries of /proc/&lt;pid&gt;/fd.</param>
public sealed record ProcessSnapshot(long ResidentBytes, int OpenDescriptors)
{
    /// <summary>Reads the snapshot of process <paramref name="pid"/>.</summary>
    public static ProcessSnapshot Of(int pid) =>
        new(StatusBytes(pid, "VmRSS:"), Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length);

    /// <summary>A size field of /proc/&lt;pid&gt;/status (given in kB there), in bytes.</summary>
    /// <param name="pid">The process.</param>
    /// <param name="field">The field's name with its colon, e.g. <c>VmHWM:</c>.</param>
    public static long StatusBytes(int pid, string field)
    {
        var kilobytes = File.ReadLines($"/proc/{pid}/status")
            .First(line => line.StartsWith(field, StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"RSS {ResidentBytes / (1024.0 * 1024):F1} MiB, {OpenDescriptors} open descriptors");
}
