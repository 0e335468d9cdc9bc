using System.Globalization;
using System.Text;
using Kes.Api.Cli.Common;

namespace Kes.Api.Cli.Migrate;

/// <summary>Reports a running migration: on a terminal a live bar with count, rate and ETA; otherwise upstream's <c>Migrated %6d keys ...</c> line every second (docs/cli.md §4.9).</summary>
internal sealed class MigrationProgress(CliConsole console, KeyMigration migration)
{
    private const int BarWidth = 30;

    private readonly long _started = console.Time.GetTimestamp();

    /// <summary>Reports at each tick until <paramref name="stop"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var interval = console.IsTerminal ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1);
        using var timer = new PeriodicTimer(interval, console.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                Report();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The migration is over; Finish prints the last word.
        }
    }

    /// <summary>The final bar (on a terminal) and upstream's closing line.</summary>
    public void Finish(long migrated)
    {
        if (console.IsTerminal)
        {
            Report();
            console.Out.Write("\n");
        }

        console.Out.Write(migrated > 0
            ? string.Create(CultureInfo.InvariantCulture, $"Migrated {migrated,6} keys successfully!\n")
            : "Migration succeeded! No keys migrated.\n");
        console.Out.Flush();
    }

    /// <summary>The terminal line: bar, count of total, percentage, rate and time left.</summary>
    internal static string Bar(long processed, long total, TimeSpan elapsed)
    {
        if (total < 0)
        {
            return "Listing keys ...";
        }

        var fraction = total == 0 ? 1 : (double)processed / total;
        var filled = (int)Math.Round(fraction * BarWidth);
        var rate = elapsed.TotalSeconds > 0 ? processed / elapsed.TotalSeconds : 0;
        var eta = rate > 0 ? TimeSpan.FromSeconds(Math.Ceiling((total - processed) / rate)) : (TimeSpan?)null;
        var line = new StringBuilder();
        line.Append('[').Append('█', filled).Append('░', BarWidth - filled).Append("] ");
        line.Append(CultureInfo.InvariantCulture, $"{processed}/{total} keys  {fraction * 100,3:0}%  {rate:0} keys/s  ETA ");
        line.Append(eta is { } left ? Units.UpTime(left) : "-");
        return line.ToString();
    }

    private void Report()
    {
        if (console.IsTerminal)
        {
            console.Out.Write("\r\u001b[2K" + Bar(migration.Processed, migration.Total, console.Time.GetElapsedTime(_started)));
        }
        else
        {
            console.Out.Write(string.Create(CultureInfo.InvariantCulture, $"Migrated {migration.Migrated,6} keys ...\n"));
        }

        console.Out.Flush();
    }
}
