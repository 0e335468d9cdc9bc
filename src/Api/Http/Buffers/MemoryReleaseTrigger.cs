namespace Kes.Api.Http.Buffers;

/// <summary>
/// Decides, once per trim period, when to give memory back (<see cref="MemoryRelease"/>): after a burst of
/// connections closed, or when the server has just gone idle with its resident set above 1.5 times the
/// lowest one seen. A busy server is never paused for it; an idle one has nobody to pause. Either waits while
/// connections are still closing (the count fell since the last tick and one closed within the last second): a
/// release in the middle of a burst of closes misses what the rest of the burst frees, and would then take what it
/// could not give back as the floor (bench/RESULTS.md).
/// </summary>
public sealed class MemoryReleaseTrigger(OpenConnections connections, Func<long> residentBytes)
{
    /// <summary>How long after the last close a burst counts as over.</summary>
    public static readonly TimeSpan Settled = TimeSpan.FromSeconds(1);

    private long _lastRented = -1;
    private bool _wasBusy;
    private long _floor = long.MaxValue;
    private int _lastOpen;
    private bool _due;

    /// <summary>Called every trim period with the blocks rented so far from all pools; true when memory should go back now.</summary>
    public bool Tick(long rentedSoFar)
    {
        var busy = _lastRented >= 0 && rentedSoFar != _lastRented;
        var wentIdle = _wasBusy && !busy;
        _lastRented = rentedSoFar;
        _wasBusy = busy;

        var resident = residentBytes();
        _floor = Math.Min(_floor, resident);
        _due |= connections.TakeSharpDrop() | (wentIdle && resident > _floor + (_floor / 2));

        var open = connections.Count;
        var closing = open < _lastOpen && connections.ClosedWithin(Settled);
        _lastOpen = open;
        if (!_due || closing)
        {
            return false;
        }

        _due = false;
        return true;
    }

    /// <summary>Takes the resident set after a release as the new floor: what a full collection could not give back is the server's own (its key cache, its connections), and releasing again at every pause would only churn.</summary>
    public void Released() => _floor = residentBytes();
}
