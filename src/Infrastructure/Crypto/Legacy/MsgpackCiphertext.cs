// KES v0.19.x … 2024-01 msgpack ciphertext (docs/crypto.md §4.2), read the way tinylib/msgp reads it:
//   95                      fixarray of 5
//   str  algorithm          fixstr a0–bf | str8 d9 | str16 da | str32 db (bin is not a str)
//   str  key ID             any content, ignored
//   bin  iv                 exactly 16 bytes: bin8 c4 | bin16 c5 | bin32 c6
//   bin  nonce              exactly 12 bytes
//   bin  sealed bytes S     any length
//   (nothing after)
//
// Normalized raw = S ‖ iv ‖ nonce.

using System.Buffers.Binary;

namespace Kes.Infrastructure.Crypto.Legacy;

/// <summary>Parses the legacy msgpack ciphertext into the raw <c>S ‖ iv ‖ nonce</c> layout.</summary>
internal static class MsgpackCiphertext
{
    private const byte FixArray5 = 0x95;
    private const int IvSize = 16;
    private const int NonceSize = 12;

    /// <summary>False on any deviation from the five-field layout, an unknown algorithm name, or trailing bytes.</summary>
    public static bool TryNormalize(ReadOnlySpan<byte> input, out byte[] raw)
    {
        raw = [];
        if (input.IsEmpty || input[0] != FixArray5)
        {
            return false;
        }

        var rest = input[1..];
        if (!TryReadString(ref rest, out var algorithm) || !IsAlgorithmName(algorithm)
            || !TryReadString(ref rest, out _)
            || !TryReadBinary(ref rest, out var iv) || iv.Length != IvSize
            || !TryReadBinary(ref rest, out var nonce) || nonce.Length != NonceSize
            || !TryReadBinary(ref rest, out var sealedBytes) || !rest.IsEmpty)
        {
            return false;
        }

        raw = [.. sealedBytes, .. iv, .. nonce];
        return true;
    }

    // The names kes.KeyAlgorithm.UnmarshalText accepts; matching is exact.
    private static bool IsAlgorithmName(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("AES256"u8)
        || name.SequenceEqual("AES256-GCM_SHA256"u8)
        || name.SequenceEqual("ChaCha20"u8)
        || name.SequenceEqual("XCHACHA20-POLY1305"u8);

    private static bool TryReadString(ref ReadOnlySpan<byte> input, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (input.IsEmpty)
        {
            return false;
        }

        var lead = input[0];
        if (lead is >= 0xa0 and <= 0xbf)
        {
            return TryTake(ref input, 1, (uint)(lead & 0x1f), out value);
        }

        return lead switch
        {
            0xd9 => TryReadSized(ref input, 1, out value),
            0xda => TryReadSized(ref input, 2, out value),
            0xdb => TryReadSized(ref input, 4, out value),
            _ => false,
        };
    }

    private static bool TryReadBinary(ref ReadOnlySpan<byte> input, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (input.IsEmpty)
        {
            return false;
        }

        return input[0] switch
        {
            0xc4 => TryReadSized(ref input, 1, out value),
            0xc5 => TryReadSized(ref input, 2, out value),
            0xc6 => TryReadSized(ref input, 4, out value),
            _ => false,
        };
    }

    // A type byte followed by a big-endian length of lengthSize bytes, then the payload.
    private static bool TryReadSized(ref ReadOnlySpan<byte> input, int lengthSize, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (input.Length < 1 + lengthSize)
        {
            return false;
        }

        var header = input.Slice(1, lengthSize);
        var length = lengthSize switch
        {
            1 => header[0],
            2 => BinaryPrimitives.ReadUInt16BigEndian(header),
            _ => BinaryPrimitives.ReadUInt32BigEndian(header),
        };
        return TryTake(ref input, 1 + lengthSize, length, out value);
    }

    private static bool TryTake(ref ReadOnlySpan<byte> input, int headerSize, uint length, out ReadOnlySpan<byte> value)
    {
        value = default;
        var body = input[headerSize..];
        if (length > (uint)body.Length)
        {
            return false;
        }

        value = body[..(int)length];
        input = body[(int)length..];
        return true;
    }
}
