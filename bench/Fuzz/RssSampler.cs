namespace Kes.Bench.Fuzz;

/// <summary>Samples a process's VmRSS every 100 ms in the background, so that a phase's peak is known, not just its end.</summary>
public sealed class RssSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly int _pid;
    private readonly List<(TimeSpan At, long Bytes)> _samples = [];
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>Starts sampling process <paramref name="pid"/>.</summary>
    public RssSampler(int pid)
    {
        _pid = pid;
        _loop = Task.Run(SampleAsync);
    }

    /// <summary>Time since sampling started: the clock of <see cref="Peak"/>'s window.</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>The largest VmRSS sampled between <paramref name="from"/> and <paramref name="to"/> (on <see cref="Now"/>'s clock), or 0 when none was.</summary>
    public long Peak(TimeSpan from, TimeSpan to)
    {
        lock (_samples)
        {
            return _samples.Where(sample => sample.At >= from && sample.At <= to).Select(sample => sample.Bytes).DefaultIfEmpty(0).Max();
        }
    }

    /// <summary>The kernel's own peak of the process's resident set since it started (VmHWM): it catches what falls between two samples.</summary>
    public long HighWaterMark() => ProcessSnapshot.StatusBytes(_pid, "VmHWM:");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                var bytes = ProcessSnapshot.StatusBytes(_pid, "VmRSS:");
                lock (_samples)
                {
                    _samples.Add((_clock.Elapsed, bytes));
                }
            }
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Stopped by DisposeAsync.
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // The process is gone: its status file vanished, or lost its VmRSS line as it exited.
        }
    }
}
