using System.Globalization;
using System.Text;

namespace Kes.Bench.Fuzz;

/// <summary>The server's resident memory over a combined run, against issue 12's targets: at most 150 MB at any point, and back to at most 1.5 × idle within 60 s of the close.</summary>
/// <param name="Idle">VmRSS after start.</param>
/// <param name="WarmedUp">VmRSS after the warm-up.</param>
/// <param name="PhasePeak">The largest VmRSS sampled (every 100 ms) during the combined phase.</param>
/// <param name="HighWaterMark">VmHWM at the end: the kernel's peak over the whole run.</param>
/// <param name="AfterClose">VmRSS this long after the phase's connections closed.</param>
public sealed record MemoryReport(long Idle, long WarmedUp, long PhasePeak, long HighWaterMark, IReadOnlyList<(TimeSpan After, long Bytes)> AfterClose)
{
    /// <summary>The ceiling at any point of the run: 150 MB (decimal megabytes, as the target is written).</summary>
    public const long PeakLimit = 150_000_000;

    /// <summary>The run's peak, by the kernel's count, is within <see cref="PeakLimit"/>.</summary>
    public bool PeakMet => Math.Max(PhasePeak, HighWaterMark) <= PeakLimit;

    /// <summary>The last reading after the close is within 1.5 × idle.</summary>
    public bool SettleMet => AfterClose.Count > 0 && AfterClose[^1].Bytes <= Idle * 3 / 2;

    /// <inheritdoc />
    public override string ToString()
    {
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"RSS after start (idle):            {MiB(Idle)}");
        report.AppendLine(CultureInfo.InvariantCulture, $"RSS after warm-up:                 {MiB(WarmedUp)}");
        report.AppendLine(CultureInfo.InvariantCulture, $"RSS peak during the combined phase: {MiB(PhasePeak)} (sampled every 100 ms); VmHWM over the run {MiB(HighWaterMark)}");
        foreach (var (after, bytes) in AfterClose)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"RSS {after.TotalSeconds,2:F0} s after the close:         {MiB(bytes)}");
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"peak <= 150 MB ({MiB(PeakLimit)}): {(PeakMet ? "yes" : "NO")}");
        report.AppendLine(CultureInfo.InvariantCulture, $"{(AfterClose.Count > 0 ? AfterClose[^1].After.TotalSeconds : 0):F0} s after the close <= 1.5 x idle ({MiB(Idle * 3 / 2)}): {(SettleMet ? "yes" : "NO")}");
        return report.ToString();
    }

    private static string MiB(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):F1} MiB");
}
