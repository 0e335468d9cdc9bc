using System.Buffers;
using System.Text;

namespace Kes.Application.Logs;

/// <summary>
/// Writes audit lines in batches (docs/config.md §4.7): the request that finds the writer idle writes
/// every line pending, its own included, in one call, while the others only append; a writer that finds
/// more than <see cref="Capacity"/> characters pending waits for them to be written, so no record is ever dropped.
/// </summary>
public sealed class AuditWriter
{
    /// <summary>Characters that may be pending before a request waits for the console (back-pressure).</summary>
    public const int Capacity = 256 * 1024;

    private readonly object _gate = new();
    private readonly TextWriter _text;
    private readonly Stream? _stdout;
    private StringBuilder _pending = new();
    private StringBuilder? _spare = new();
    private bool _writing;

    /// <summary>Writes to <paramref name="output"/>.</summary>
    public AuditWriter(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _text = output;
        // The process console flushes every 256 characters, one system call each: a batch goes to the
        // descriptor in one write instead.
        _stdout = ReferenceEquals(output, Console.Out) ? Console.OpenStandardOutput() : null;
    }

    /// <summary>Appends one line; returns once it is written, or handed to the request writing now.</summary>
    public void WriteLine(string line)
    {
        lock (_gate)
        {
            while (_writing && _pending.Length >= Capacity)
            {
                Monitor.Wait(_gate);
            }

            _pending.Append(line).Append(_text.NewLine);
            if (_writing)
            {
                return;
            }

            _writing = true;
        }

        var finished = false;
        try
        {
            while (true)
            {
                StringBuilder batch;
                lock (_gate)
                {
                    if (_pending.Length == 0)
                    {
                        _writing = false;
                        finished = true;
                        return;
                    }

                    batch = _pending;
                    _pending = _spare ?? new StringBuilder();
                    _spare = null;
                    Monitor.PulseAll(_gate);
                }

                Write(batch);
                lock (_gate)
                {
                    _spare = batch.Clear();
                }
            }
        }
        finally
        {
            if (!finished)
            {
                // The console failed: the failure surfaces in this request, and the next one writes what is pending.
                lock (_gate)
                {
                    _writing = false;
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }

    private void Write(StringBuilder batch)
    {
        if (_stdout is null)
        {
            _text.Write(batch.ToString());
            return;
        }

        var chars = ArrayPool<char>.Shared.Rent(batch.Length);
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(batch.Length));
        try
        {
            batch.CopyTo(0, chars, batch.Length);
            var count = Encoding.UTF8.GetBytes(chars, 0, batch.Length, bytes, 0);
            _stdout.Write(bytes, 0, count);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
