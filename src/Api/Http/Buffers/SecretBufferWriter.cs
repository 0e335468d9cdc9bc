// Our own rather than .NET's ArrayBufferWriter, for key hygiene and memory: that one drops the array it outgrew
// without zeroing it, so a decrypt reply (a plaintext in base64) larger than the buffer left uncleared copies of
// its first part in garbage arrays, and a thread kept the largest reply's array for its whole life (up to 2 MiB
// per thread, bench/RESULTS.md). Here every array comes from SecretBuffers and goes back zeroed.
using System.Buffers;

namespace Kes.Api.Http.Buffers;

/// <summary>A growable byte buffer whose arrays are zeroed when outgrown or reset; one past its first size goes back at reset.</summary>
public sealed class SecretBufferWriter : IBufferWriter<byte>
{
    private readonly int _initialCapacity;
    private byte[] _buffer;
    private int _written;

    /// <summary>Starts with an array of at least <paramref name="initialSize"/> bytes.</summary>
    public SecretBufferWriter(int initialSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialSize);
        _buffer = SecretBuffers.Rent(initialSize);
        _initialCapacity = _buffer.Length;
    }

    /// <summary>The bytes written since the last reset.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    /// <summary>How many bytes were written since the last reset.</summary>
    public int WrittenCount => _written;

    /// <summary>The array's length now: what this writer holds.</summary>
    public int Capacity => _buffer.Length;

    /// <inheritdoc />
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _written);
        _written += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Zeroes what was written and starts again; an array grown past the first size goes back to <see cref="SecretBuffers"/>.</summary>
    public void Reset()
    {
        if (_buffer.Length > _initialCapacity)
        {
            var grown = _buffer;
            _buffer = SecretBuffers.Rent(_initialCapacity);
            SecretBuffers.Return(grown, _written);
        }
        else
        {
            _buffer.AsSpan(0, _written).Clear();
        }

        _written = 0;
    }

    private void Ensure(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length - _written)
        {
            return;
        }

        var larger = SecretBuffers.Rent((int)Math.Min(Array.MaxLength, Math.Max((long)_written + needed, (long)_buffer.Length * 2)));
        WrittenSpan.CopyTo(larger);
        SecretBuffers.Return(_buffer, _written);
        _buffer = larger;
    }
}
