using System.Buffers;
using System.Globalization;
using System.Text;

namespace Kes.Application.Logs;

/// <summary>
/// One log line built as UTF-8 in the caller's stack buffer, moving to a pooled array only when the line outgrows
/// it. The audit log formats a record per request, so its records go straight to bytes: no string, no
/// <see cref="StringBuilder"/>, no transcoding of the batch (bench/RESULTS.md "Audit cost"). Dispose returns the
/// pooled array; nothing secret is ever written here (docs/COMPATIBILITY.md D1b: no bodies, no key material).
/// </summary>
public ref struct Utf8LineBuilder
{
    private Span<byte> _buffer;
    private byte[]? _rented;
    private int _length;

    /// <summary>A builder writing into <paramref name="initial"/> first.</summary>
    public Utf8LineBuilder(Span<byte> initial) => _buffer = initial;

    /// <summary>The bytes written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>Appends bytes as they are (UTF-8 literals, <c>"…"u8</c>).</summary>
    public void Append(scoped ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_buffer[_length..]);
        _length += bytes.Length;
    }

    /// <summary>Appends one ASCII byte.</summary>
    public void Append(byte ascii)
    {
        Reserve(1);
        _buffer[_length++] = ascii;
    }

    /// <summary>Appends UTF-16 text encoded as UTF-8.</summary>
    public void AppendText(scoped ReadOnlySpan<char> text)
    {
        Reserve(Encoding.UTF8.GetMaxByteCount(text.Length));
        _length += Encoding.UTF8.GetBytes(text, _buffer[_length..]);
    }

    /// <summary>Appends a value's invariant UTF-8 form (numbers, IP addresses, times).</summary>
    public void AppendFormatted<T>(T value, scoped ReadOnlySpan<char> format = default)
        where T : IUtf8SpanFormattable
    {
        int written;
        while (!value.TryFormat(_buffer[_length..], out written, format, CultureInfo.InvariantCulture))
        {
            Grow(_buffer.Length);
        }

        _length += written;
    }

    /// <summary>Returns the pooled array, if the line needed one.</summary>
    public void Dispose()
    {
        if (_rented is { } rented)
        {
            _rented = null;
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Grow(count);
        }
    }

    private void Grow(int count)
    {
        var next = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
        _buffer[.._length].CopyTo(next);
        Dispose();
        _rented = next;
        _buffer = next;
    }
}
