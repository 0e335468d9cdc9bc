using System.Globalization;

namespace Kes.Api.Cli.Common;

/// <summary>Human-readable sizes and durations for terminal output.</summary>
internal static class Units
{
    /// <summary>Bytes in decimal units as upstream's <c>kes status</c> prints them: <c>512B</c>, <c>2.0MB</c>, <c>12.3GB</c> (docs/cli.md §4.7).</summary>
    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB", "PB"];
        var value = (double)bytes;
        var unit = 0;
        while (value >= 1000 && unit < units.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes}B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0}{units[unit]}");
    }

    /// <summary>An uptime as <c>N seconds</c>, <c>N minutes</c>, <c>N hours</c> or <c>N days M hours</c>.</summary>
    public static string UpTime(TimeSpan time) => time switch
    {
        { TotalMinutes: < 1 } => Plural((long)time.TotalSeconds, "second"),
        { TotalHours: < 1 } => Plural((long)time.TotalMinutes, "minute"),
        { TotalDays: < 1 } => Plural((long)time.TotalHours, "hour"),
        _ => Plural((long)time.TotalDays, "day") + " " + Plural(time.Hours, "hour"),
    };

    private static string Plural(long count, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {unit}{(count == 1 ? string.Empty : "s")}");
}
