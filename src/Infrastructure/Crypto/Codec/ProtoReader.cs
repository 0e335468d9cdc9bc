// Protocol Buffers wire format (protobuf.dev/programming-guides/encoding), read with the checks of
// Go's google.golang.org/protobuf decoder:
//
//   varint        1–10 bytes; the 10th byte must be 0 or 1
//   tag           varint: field << 3 | wire type; field 1 … 2^29-1 (inside a skipped group: 1 … 2^31-1)
//   wire types    0 varint, 1 fixed64, 2 length-delimited, 3/4 group start/end, 5 fixed32; 6 and 7 fail
//   groups        skipped to the matching end, nested at most 10000 deep

namespace Kes.Infrastructure.Crypto.Codec;

/// <summary>A forward reader over one protobuf message; malformed input throws <see cref="KeyFormatException"/>.</summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> message)
{
    private const ulong MaxFieldNumber = (1 << 29) - 1;
    private const int MaxGroupDepth = 10_000;

    private readonly ReadOnlySpan<byte> _message = message;
    private int _position;

    /// <summary>Whether the whole message has been read.</summary>
    public readonly bool End => _position == _message.Length;

    /// <summary>Reads a field tag; an end-group tag here has no matching start and fails.</summary>
    public WireType ReadTag(out int field)
    {
        var tag = ReadVarint();
        var number = tag >> 3;
        var wireType = (WireType)(tag & 7);
        if (number is 0 or > MaxFieldNumber || wireType == WireType.EndGroup)
        {
            throw Malformed();
        }

        field = (int)number;
        return wireType;
    }

    /// <summary>Reads a base-128 varint.</summary>
    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var i = 0; i < 10; i++)
        {
            if (_position == _message.Length)
            {
                throw Malformed();
            }

            var b = _message[_position++];
            if (i == 9 && b > 1)
            {
                throw Malformed();
            }

            value |= (ulong)(b & 0x7f) << (7 * i);
            if (b < 0x80)
            {
                return value;
            }
        }

        throw Malformed();
    }

    /// <summary>Reads the payload of a length-delimited field.</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var length = ReadVarint();
        if (length > (ulong)(_message.Length - _position))
        {
            throw Malformed();
        }

        var value = _message.Slice(_position, (int)length);
        _position += (int)length;
        return value;
    }

    /// <summary>Skips the value of a field this reader does not know, or one whose wire type does not match (Go keeps both as unknown fields).</summary>
    public void Skip(int field, WireType wireType) => Skip(field, wireType, MaxGroupDepth);

    private void Skip(int field, WireType wireType, int depth)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Advance(8);
                break;
            case WireType.LengthDelimited:
                ReadLengthDelimited();
                break;
            case WireType.Fixed32:
                Advance(4);
                break;
            case WireType.StartGroup:
                SkipGroup(field, depth);
                break;
            default:
                throw Malformed();
        }
    }

    private void SkipGroup(int field, int depth)
    {
        if (depth < 0)
        {
            throw Malformed();
        }

        while (true)
        {
            var tag = ReadVarint();
            var number = tag >> 3;
            var wireType = (WireType)(tag & 7);
            if (number is 0 or > int.MaxValue)
            {
                throw Malformed();
            }

            if (wireType == WireType.EndGroup)
            {
                if ((int)number != field)
                {
                    throw Malformed();
                }

                return;
            }

            Skip((int)number, wireType, depth - 1);
        }
    }

    private void Advance(int count)
    {
        if (_message.Length - _position < count)
        {
            throw Malformed();
        }

        _position += count;
    }

    private static KeyFormatException Malformed() => new("kes: stored key is not a valid protobuf message");
}
