namespace Kes.Api.Http.Buffers;

/// <summary>How many TLS connections are open, whether many of them closed since memory was last given back, and when the last one closed.</summary>
/// <param name="time">The clock of <see cref="ClosedWithin"/>; the system's when null.</param>
public sealed class OpenConnections(TimeProvider? time = null)
{
    /// <summary>How far the count must fall below its high-water mark before memory is given back: a burst of clients, not MinIO's handful.</summary>
    public const int SharpDrop = 256;

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private int _open;
    private int _highWater;
    private long _lastClosed = long.MinValue;

    /// <summary>Connections open now.</summary>
    public int Count => Volatile.Read(ref _open);

    /// <summary>Counts a connection whose handshake completed.</summary>
    public void Opened()
    {
        var open = Interlocked.Increment(ref _open);
        int highWater;
        while ((highWater = Volatile.Read(ref _highWater)) < open && Interlocked.CompareExchange(ref _highWater, open, highWater) != highWater)
        {
        }
    }

    /// <summary>Counts a connection that ended.</summary>
    public void Closed()
    {
        Interlocked.Decrement(ref _open);
        Volatile.Write(ref _lastClosed, _time.GetTimestamp());
    }

    /// <summary>Whether a connection closed less than <paramref name="span"/> ago.</summary>
    public bool ClosedWithin(TimeSpan span)
    {
        var last = Volatile.Read(ref _lastClosed);
        return last != long.MinValue && _time.GetElapsedTime(last) < span;
    }

    /// <summary>True once when at least <see cref="SharpDrop"/> connections closed since the last time it said so; the mark then restarts from now.</summary>
    public bool TakeSharpDrop()
    {
        var open = Count;
        var highWater = Volatile.Read(ref _highWater);
        if (highWater - open < SharpDrop)
        {
            return false;
        }

        return Interlocked.CompareExchange(ref _highWater, open, highWater) == highWater;
    }
}
