using System.Buffers;
using System.Collections.Concurrent;
using System.Text;

namespace Kes.Application.Logs;

/// <summary>
/// Writes audit lines in batches (docs/config.md §4.7). A request queues its UTF-8 line without a lock and
/// goes on; the queue is written in one call at most 2 ms after its first line, or at once
/// by the request that fills a batch. When more than <see cref="Capacity"/> bytes are queued, requests wait
/// for the console (back-pressure), so no record is dropped for speed. One write per record cost the server
/// about a tenth of its throughput at 64 streams (bench/RESULTS.md "Audit cost").
/// </summary>
public sealed class AuditWriter : IDisposable
{
    /// <summary>Bytes that may be queued before a request waits for the console (back-pressure).</summary>
    public const int Capacity = 256 * 1024;

    private const int BatchSize = 64 * 1024;

    /// <summary>How long a record may wait for others to share its write.</summary>
    private static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan RoomCheck = TimeSpan.FromMilliseconds(50);

    private readonly ConcurrentQueue<byte[]> _queue = new();
    private readonly object _room = new();
    private readonly Timer _flush;
    private readonly TextWriter _text;
    private readonly Stream? _stdout;
    private readonly Action<string>? _reportLoss;
    private long _pending;
    private int _writing;
    private int _waiting;
    private int _armed;

    /// <summary>Writes to <paramref name="output"/>; a write that fails is told to <paramref name="reportLoss"/> with the number of lines lost.</summary>
    public AuditWriter(TextWriter output, Action<string>? reportLoss = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        _text = output;
        _reportLoss = reportLoss;
        // The process console flushes every 256 characters, one system call each: a batch goes to the
        // descriptor in one write instead.
        _stdout = ReferenceEquals(output, Console.Out) ? Console.OpenStandardOutput() : null;
        _flush = new Timer(static writer => ((AuditWriter)writer!).OnFlushDue(), this, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Queues one line (UTF-8, without its newline); waits only while <see cref="Capacity"/> bytes are queued.</summary>
    public void WriteLine(ReadOnlySpan<byte> line)
    {
        while (Interlocked.Read(ref _pending) >= Capacity)
        {
            if (!TryWriteQueued())
            {
                WaitForRoom();
            }
        }

        var record = GC.AllocateUninitializedArray<byte>(line.Length + 1);
        line.CopyTo(record);
        record[^1] = (byte)'\n';
        _queue.Enqueue(record);
        if (Interlocked.Add(ref _pending, record.Length) >= BatchSize)
        {
            TryWriteQueued();
        }

        // Whoever writes may have looked at the queue just before this line arrived: the timer picks it up.
        ArmFlush();
    }

    /// <summary>Writes every queued line before returning, waiting for a write in progress.</summary>
    public void Flush()
    {
        var spin = new SpinWait();
        while (!_queue.IsEmpty || Volatile.Read(ref _writing) != 0)
        {
            if (!TryWriteQueued())
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

    private void ArmFlush()
    {
        // The timer ticks every flush delay while lines keep coming, so a busy server never re-arms it.
        if (Volatile.Read(ref _armed) == 0 && Interlocked.CompareExchange(ref _armed, 1, 0) == 0)
        {
            _flush.Change(FlushDelay, FlushDelay);
        }
    }

    private void OnFlushDue()
    {
        if (!_queue.IsEmpty)
        {
            TryWriteQueued();
            return;
        }

        // A tick that finds nothing stops the ticking. The flag is cleared with a full fence before the queue is
        // looked at again, so a line queued meanwhile either sees the flag clear and arms, or is seen here.
        _flush.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Interlocked.Exchange(ref _armed, 0);
        if (!_queue.IsEmpty)
        {
            ArmFlush();
        }
    }

    /// <summary>Writes everything queued if no one else is writing; false when someone is.</summary>
    private bool TryWriteQueued()
    {
        if (Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
        {
            return false;
        }

        var batch = ArrayPool<byte>.Shared.Rent(BatchSize);
        try
        {
            var length = 0;
            var lines = 0;
            while (_queue.TryDequeue(out var record))
            {
                if (length + record.Length > batch.Length && length > 0)
                {
                    Emit(batch.AsSpan(0, length), lines);
                    (length, lines) = (0, 0);
                }

                if (record.Length > batch.Length)
                {
                    Emit(record, 1);
                    continue;
                }

                record.CopyTo(batch, length);
                length += record.Length;
                lines++;
            }

            if (length > 0)
            {
                Emit(batch.AsSpan(0, length), lines);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(batch);
            Volatile.Write(ref _writing, 0);
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
        finally
        {
            Interlocked.Add(ref _pending, -bytes.Length);
            WakeWaiters();
        }
    }

    private void WaitForRoom()
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            lock (_room)
            {
                if (Interlocked.Read(ref _pending) >= Capacity && Volatile.Read(ref _writing) != 0)
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
