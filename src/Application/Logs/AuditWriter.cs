using System.Text;

namespace Kes.Application.Logs;

/// <summary>
/// Writes audit lines in batches (docs/config.md §4.7). A request copies its UTF-8 line into the batch being
/// filled, under a lock held only for that copy, and goes on; the batch is written in one call at most 2 ms after
/// its first line, or at once by the request that brings it to 64 KiB. Two buffers take turns: one fills while the
/// other is written. When <see cref="Capacity"/> bytes wait behind a write in progress, requests wait for the
/// console (back-pressure), so no record is dropped for speed. One write per record cost the server about a tenth
/// of its throughput at 64 streams, and a queued array per record about a third of a record's cost
/// (bench/RESULTS.md "Audit cost", "Per-request CPU").
/// </summary>
public sealed class AuditWriter : IDisposable
{
    /// <summary>Bytes that may wait behind a write in progress before a request waits for the console (back-pressure).</summary>
    public const int Capacity = 256 * 1024;

    private const int BatchSize = 64 * 1024;

    /// <summary>How long a record may wait for others to share its write.</summary>
    private static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan RoomCheck = TimeSpan.FromMilliseconds(50);

    private readonly Lock _gate = new();
    private readonly object _room = new();
    private readonly Timer _flush;
    private readonly TextWriter _text;
    private readonly Stream? _stdout;
    private readonly Action<string>? _reportLoss;

    // Guarded by _gate. The spare buffer is null while its bytes are being written: whoever takes it is the one writer.
    private byte[] _filling = GC.AllocateUninitializedArray<byte>(Capacity);
    private byte[]? _spare = GC.AllocateUninitializedArray<byte>(Capacity);
    private int _filled;
    private int _lines;
    private bool _armed;
    private int _waiting;

    /// <summary>Writes to <paramref name="output"/>; a write that fails is told to <paramref name="reportLoss"/> with the number of lines lost.</summary>
    public AuditWriter(TextWriter output, Action<string>? reportLoss = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        _text = output;
        _reportLoss = reportLoss;
        // The process console flushes every 256 characters, one system call each: a batch goes to the
        // descriptor in one write instead, and so does a batch for any other writer over a stream.
        _stdout = ReferenceEquals(output, Console.Out) ? Console.OpenStandardOutput() : (output as StreamWriter)?.BaseStream;
        _flush = new Timer(static writer => ((AuditWriter)writer!).OnFlushDue(), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Queues one line (UTF-8, without its newline); waits only while <see cref="Capacity"/> bytes wait behind a write.</summary>
    public void WriteLine(ReadOnlySpan<byte> line)
    {
        if (line.Length + 1 > Capacity)
        {
            WriteAlone(line);
            return;
        }

        bool reachedBatch;
        while (!TryAppend(line, out reachedBatch))
        {
            // The batch is full: write it, or wait for the write that holds the other buffer.
            if (!TryWriteBatch(default))
            {
                WaitForRoom();
            }
        }

        if (reachedBatch)
        {
            TryWriteBatch(default);
        }
    }

    /// <summary>Writes every queued line before returning, waiting for a write in progress.</summary>
    public void Flush()
    {
        var spin = new SpinWait();
        while (!IsDrained())
        {
            if (!TryWriteBatch(default))
            {
                spin.SpinOnce();
            }
        }
    }

    /// <summary>Writes what is queued and stops the timer.</summary>
    public void Dispose()
    {
        Flush();
        _flush.Dispose();
    }

    /// <summary>Copies the line and its newline into the batch being filled; false when it has no room.</summary>
    private bool TryAppend(ReadOnlySpan<byte> line, out bool reachedBatch)
    {
        var length = line.Length + 1;
        lock (_gate)
        {
            if (_filled + length > Capacity)
            {
                reachedBatch = false;
                return false;
            }

            line.CopyTo(_filling.AsSpan(_filled));
            _filling[_filled + line.Length] = (byte)'\n';
            reachedBatch = _filled < BatchSize && _filled + length >= BatchSize;
            _filled += length;
            _lines++;
            if (!_armed)
            {
                // The timer ticks every flush delay while lines keep coming, so a busy server never re-arms it.
                _armed = true;
                _flush.Change(FlushDelay, FlushDelay);
            }

            return true;
        }
    }

    private bool IsDrained()
    {
        lock (_gate)
        {
            return _filled == 0 && _spare is not null;
        }
    }

    private void OnFlushDue()
    {
        lock (_gate)
        {
            if (_filled == 0)
            {
                // A tick that finds nothing stops the ticking; the next line, under the same lock, arms it again.
                _armed = false;
                _flush.Change(Timeout.Infinite, Timeout.Infinite);
                return;
            }
        }

        TryWriteBatch(default);
    }

    /// <summary>A line longer than a whole batch: written on its own, after what is queued, by the one writer.</summary>
    private void WriteAlone(ReadOnlySpan<byte> line)
    {
        var record = new byte[line.Length + 1];
        line.CopyTo(record);
        record[^1] = (byte)'\n';
        while (!TryWriteBatch(record))
        {
            WaitForRoom();
        }
    }

    /// <summary>Writes the batch being filled, then <paramref name="alone"/>, unless someone else is writing; false when someone is.</summary>
    private bool TryWriteBatch(ReadOnlySpan<byte> alone)
    {
        byte[] batch;
        int length;
        int lines;
        lock (_gate)
        {
            if (_spare is null)
            {
                return false;
            }

            if (_filled == 0 && alone.IsEmpty)
            {
                return true;
            }

            (batch, length, lines) = (_filling, _filled, _lines);
            (_filling, _spare, _filled, _lines) = (_spare, null, 0, 0);
        }

        try
        {
            if (length > 0)
            {
                Emit(batch.AsSpan(0, length), lines);
            }

            if (!alone.IsEmpty)
            {
                Emit(alone, 1);
            }
        }
        finally
        {
            lock (_gate)
            {
                _spare = batch;
            }

            WakeWaiters();
        }

        return true;
    }

    private void Emit(ReadOnlySpan<byte> bytes, int lines)
    {
        try
        {
            if (_stdout is null)
            {
                _text.Write(Encoding.UTF8.GetString(bytes));
            }
            else
            {
                _stdout.Write(bytes);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or NotSupportedException)
        {
            // A failed console must not fail the requests whose records these are, nor the timer thread.
            _reportLoss?.Invoke($"audit log: {lines} records could not be written: {e.Message}");
        }
    }

    private void WaitForRoom()
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            lock (_room)
            {
                if (Volatile.Read(ref _spare) is null)
                {
                    Monitor.Wait(_room, RoomCheck);
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    private void WakeWaiters()
    {
        if (Volatile.Read(ref _waiting) == 0)
        {
            return;
        }

        lock (_room)
        {
            Monitor.PulseAll(_room);
        }
    }
}
