using System.Globalization;

namespace Kes.Bench.Fuzz;

/// <summary>A process's resident memory and open file descriptors, read from /proc.</summary>
/// <param name="ResidentBytes">VmRSS.</param>
/// <param name="OpenDescriptors">Entries of /proc/&lt;pid&gt;/fd.</param>
public sealed record ProcessSnapshot(long ResidentBytes, int OpenDescriptors)
{
    /// <summary>Reads the snapshot of process <paramref name="pid"/>.</summary>
    public static ProcessSnapshot Of(int pid)
    {
        var rss = File.ReadLines($"/proc/{pid}/status")
            .First(line => line.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var descriptors = Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length;
        return new ProcessSnapshot(long.Parse(rss, CultureInfo.InvariantCulture) * 1024, descriptors);
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"RSS {ResidentBytes / (1024.0 * 1024):F1} MiB, {OpenDescriptors} open descriptors");
}
