namespace Kes.Infrastructure.Crypto.Codec;

/// <summary>A forward writer of protobuf wire values into a span sized in advance with <see cref="VarintSize"/>.</summary>
internal ref struct ProtoWriter(Span<byte> destination)
{
    private readonly Span<byte> _destination = destination;
    private int _position;

    /// <summary>The bytes written so far.</summary>
    public readonly int Position => _position;

    /// <summary>The encoded size of <paramref name="value"/> as a varint.</summary>
    public static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    /// <summary>Writes a field tag.</summary>
    public void WriteTag(int field, WireType wireType) => WriteVarint(((ulong)field << 3) | (ulong)wireType);

    /// <summary>Writes a base-128 varint.</summary>
    public void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _destination[_position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        _destination[_position++] = (byte)value;
    }

    /// <summary>Writes raw bytes, e.g. the payload after a length.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_destination[_position..]);
        _position += bytes.Length;
    }

    /// <summary>The next <paramref name="length"/> bytes, for a caller that fills them itself (e.g. straight from key memory); they count as written.</summary>
    public Span<byte> Reserve(int length)
    {
        var span = _destination.Slice(_position, length);
        _position += length;
        return span;
    }
}
