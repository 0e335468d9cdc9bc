// Standard padded base64 (RFC 4648 §4) as Go's base64.StdEncoding reads it: '\r' and '\n' are
// skipped anywhere, the padding must be complete, and the unused low bits of the last character are
// ignored (Go's decoder is not "strict"). .NET's Base64 rejects those bits and skips other whitespace,
// so it cannot be used as is.
//
//   input    4 characters per 3 bytes, last quantum "xx==" or "xxx="
//   output   3 bytes per quantum, 1 or 2 in a padded one

namespace Kes.Infrastructure.Crypto.Go;

/// <summary>Go-compatible standard base64 whose character mapping is branch-free, because the text is often a secret key.</summary>
/// <remarks>
/// The mapping follows the constant-time construction of Paragon's constant_time_encoding: every
/// character goes through the same arithmetic, with no table indexed by secret data. Branches only
/// depend on whether a character is a newline or '=', which no character of the alphabet is.
/// </remarks>
internal static class GoBase64
{
    /// <summary>Length of the padded encoding of <paramref name="length"/> bytes.</summary>
    public static int EncodedLength(int length) => (length + 2) / 3 * 4;

    /// <summary>Encodes <paramref name="data"/> into the first <see cref="EncodedLength"/> bytes of <paramref name="destination"/>.</summary>
    public static void Encode(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var o = 0;
        var i = 0;
        for (; i + 3 <= data.Length; i += 3)
        {
            var block = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
            destination[o++] = EncodeSixBits(block >> 18);
            destination[o++] = EncodeSixBits((block >> 12) & 63);
            destination[o++] = EncodeSixBits((block >> 6) & 63);
            destination[o++] = EncodeSixBits(block & 63);
        }

        var rest = data.Length - i;
        if (rest == 0)
        {
            return;
        }

        var last = (data[i] << 16) | (rest == 2 ? data[i + 1] << 8 : 0);
        destination[o++] = EncodeSixBits(last >> 18);
        destination[o++] = EncodeSixBits((last >> 12) & 63);
        destination[o++] = rest == 2 ? EncodeSixBits((last >> 6) & 63) : (byte)'=';
        destination[o] = (byte)'=';
    }

    /// <summary>The decoded length of <paramref name="text"/>, or -1 if its layout (count, padding) is not padded base64.</summary>
    /// <remarks>Characters other than '=' are checked by <see cref="TryDecode"/>, not here.</remarks>
    public static int DecodedLength(ReadOnlySpan<byte> text)
    {
        var count = 0;
        var padding = 0;
        foreach (var c in text)
        {
            if (c is (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            count++;
            if (c == '=')
            {
                padding++;
            }
            else if (padding != 0)
            {
                return -1;
            }
        }

        if (count % 4 != 0 || padding > 2)
        {
            return -1;
        }

        return (count / 4 * 3) - padding;
    }

    /// <summary>Decodes <paramref name="text"/>, whose <see cref="DecodedLength"/> must equal <paramref name="destination"/>'s length; false if a character is outside the alphabet.</summary>
    /// <remarks><paramref name="destination"/> may start at the same address as <paramref name="text"/>: a quantum is read before its bytes are written, and writes never overtake reads.</remarks>
    public static bool TryDecode(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        var invalid = 0;
        var block = 0;
        var count = 0;
        var o = 0;
        foreach (var c in text)
        {
            if (c is (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            var value = c == '=' ? 0 : DecodeSixBits(c);
            invalid |= value;
            block = (block << 6) | (value & 63);
            if (++count < 4)
            {
                continue;
            }

            for (var shift = 16; shift >= 0 && o < destination.Length; shift -= 8)
            {
                destination[o++] = (byte)(block >> shift);
            }

            block = 0;
            count = 0;
        }

        return invalid >= 0;
    }

    /// <summary>Where Go's decoder stops on <paramref name="text"/>: the N of its <c>illegal base64 data at input byte N</c>, or -1 when Go decodes it.</summary>
    /// <remarks>
    /// Only for the error message of a value already refused, so it branches on the characters freely.
    /// Go reads quanta of four characters, skipping '\r' and '\n'; the offset is the one its decoder
    /// reports for the first quantum it cannot finish.
    /// </remarks>
    public static int CorruptInputOffset(ReadOnlySpan<byte> text)
    {
        var i = 0;
        while (i < text.Length)
        {
            var quantum = 0;
            while (quantum < 4)
            {
                if (i == text.Length)
                {
                    return quantum == 0 ? -1 : i - quantum;
                }

                var c = text[i++];
                if (c is (byte)'\r' or (byte)'\n')
                {
                    continue;
                }

                if (c != '=')
                {
                    if (DecodeSixBits(c) < 0)
                    {
                        return i - 1;
                    }

                    quantum++;
                    continue;
                }

                return PaddingOffset(text, i, quantum);
            }
        }

        return -1;
    }

    // The quantum ends in '=' at text[i - 1] after `quantum` characters: what Go accepts is "xx==" or "xxx=", then only newlines.
    private static int PaddingOffset(ReadOnlySpan<byte> text, int i, int quantum)
    {
        if (quantum < 2)
        {
            return i - 1;
        }

        if (quantum == 2)
        {
            i = SkipNewlines(text, i);
            if (i == text.Length)
            {
                return text.Length;
            }

            if (text[i] != '=')
            {
                return i - 1;
            }

            i++;
        }

        i = SkipNewlines(text, i);
        return i < text.Length ? i : -1;
    }

    private static int SkipNewlines(ReadOnlySpan<byte> text, int i)
    {
        while (i < text.Length && text[i] is (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i;
    }

    // 0..63 → 'A'..'Z' 'a'..'z' '0'..'9' '+' '/': each range adds its offset through a sign mask.
    private static byte EncodeSixBits(int value)
    {
        int diff = 'A';
        diff += ((25 - value) >> 8) & 6;
        diff -= ((51 - value) >> 8) & 75;
        diff -= ((61 - value) >> 8) & 15;
        diff += ((62 - value) >> 8) & 3;
        return (byte)(value + diff);
    }

    // The inverse: each range contributes (value + 1) when c is inside it, so -1 remains for anything else.
    private static int DecodeSixBits(int c)
    {
        var value = -1;
        value += (((0x40 - c) & (c - 0x5b)) >> 8) & (c - 64);
        value += (((0x60 - c) & (c - 0x7b)) >> 8) & (c - 70);
        value += (((0x2f - c) & (c - 0x3a)) >> 8) & (c + 5);
        value += (((0x2a - c) & (c - 0x2c)) >> 8) & 63;
        value += (((0x2e - c) & (c - 0x30)) >> 8) & 64;
        return value;
    }
}
