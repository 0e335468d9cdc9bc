// Go encoding/json decoding rules for the two legacy JSON shapes KES reads (docs/crypto.md §4.1, §7.3):
// field names match case-insensitively (Go's fold: ASCII case plus the four non-ASCII runes that fold
// into ASCII), unknown fields are skipped, the last duplicate wins, null leaves a string unchanged and
// resets a []byte, and a []byte is either a base64 string or an array of numbers 0..255.
//
//   nesting depth   10000 (Go's scanner limit)
//   []byte forms    "base64" (std, padded, \r\n skipped) | [n, ...] | null

using System.Text;
using System.Text.Json;

namespace Kes.Infrastructure.Crypto.Go;

/// <summary>Reads JSON values the way Go's encoding/json decodes them into a struct.</summary>
internal static class GoJson
{
    /// <summary>The longest escaped property name that can still fold to one of the short ASCII field names KES uses.</summary>
    private const int MaxMatchableNameLength = 64;

    /// <summary>Reader options matching Go's scanner: no comments, no trailing commas, depth 10000.</summary>
    public static JsonReaderOptions ReaderOptions => new() { MaxDepth = 10_000 };

    /// <summary>Go's json.Valid: exactly one JSON value, optionally surrounded by whitespace.</summary>
    public static bool IsValid(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        try
        {
            if (!reader.Read())
            {
                return false;
            }

            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Whether the property name under the reader folds to <paramref name="upperName"/>, an upper-case ASCII name.</summary>
    public static bool NameMatches(ref Utf8JsonReader reader, ReadOnlySpan<byte> upperName)
    {
        if (!reader.ValueIsEscaped)
        {
            return FoldEquals(reader.ValueSpan, upperName);
        }

        if (reader.ValueSpan.Length > MaxMatchableNameLength)
        {
            return false;
        }

        Span<byte> name = stackalloc byte[MaxMatchableNameLength];
        try
        {
            return FoldEquals(name[..reader.CopyString(name)], upperName);
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape: Go reads it as U+FFFD, which matches no field name.
            return false;
        }
    }

    /// <summary>Reads the value under the reader into a Go <c>[]byte</c>.</summary>
    /// <param name="reader">Positioned on the value.</param>
    /// <param name="scratch">Receives the bytes; at least as long as the whole JSON input, which bounds any value in it.</param>
    /// <param name="length">The byte count, or -1 for JSON null (which Go turns into a nil slice).</param>
    /// <returns>False where Go's decoder reports an error.</returns>
    public static bool TryReadBytes(ref Utf8JsonReader reader, Span<byte> scratch, out int length)
    {
        length = 0;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                length = -1;
                return true;
            case JsonTokenType.String:
                return TryReadBase64(ref reader, scratch, out length);
            case JsonTokenType.StartArray:
                return TryReadByteArray(ref reader, scratch, out length);
            default:
                return false;
        }
    }

    /// <summary>Checks that the value under the reader can go into a Go string: a string, or null (which leaves the field as it was).</summary>
    public static bool IsStringOrNull(ref Utf8JsonReader reader) =>
        reader.TokenType is JsonTokenType.String or JsonTokenType.Null;

    private static bool TryReadBase64(ref Utf8JsonReader reader, Span<byte> scratch, out int length)
    {
        length = 0;
        ReadOnlySpan<byte> text;
        if (reader.ValueIsEscaped)
        {
            try
            {
                text = scratch[..reader.CopyString(scratch)];
            }
            catch (InvalidOperationException)
            {
                // Go decodes a lone surrogate escape as U+FFFD, which is not base64 either.
                return false;
            }
        }
        else
        {
            text = reader.ValueSpan;
        }

        var decoded = GoBase64.DecodedLength(text);
        if (decoded < 0 || !GoBase64.TryDecode(text, scratch[..decoded]))
        {
            return false;
        }

        length = decoded;
        return true;
    }

    private static bool TryReadByteArray(ref Utf8JsonReader reader, Span<byte> scratch, out int length)
    {
        length = 0;
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    // Go leaves the element at its zero value.
                    scratch[count++] = 0;
                    break;
                case JsonTokenType.Number when TryParseByte(reader.ValueSpan, out var value):
                    scratch[count++] = value;
                    break;
                default:
                    return false;
            }
        }

        length = count;
        return true;
    }

    // Go parses an element with strconv.ParseUint(text, 10, 64) and an overflow check for uint8, so
    // signs, fractions and exponents fail.
    private static bool TryParseByte(ReadOnlySpan<byte> number, out byte value)
    {
        value = 0;
        var result = 0;
        foreach (var c in number)
        {
            if (!char.IsAsciiDigit((char)c))
            {
                return false;
            }

            result = (result * 10) + (c - '0');
            if (result > byte.MaxValue)
            {
                return false;
            }
        }

        value = (byte)result;
        return true;
    }

    private static bool FoldEquals(ReadOnlySpan<byte> name, ReadOnlySpan<byte> upperName)
    {
        var matched = 0;
        while (!name.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(name, out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }

            name = name[consumed..];
            var folded = Fold(rune.Value);
            if (folded < 0 || matched == upperName.Length || upperName[matched] != folded)
            {
                return false;
            }

            matched++;
        }

        return matched == upperName.Length;
    }

    // Go folds a name rune by rune with unicode.ToUpper(unicode.ToLower(r)). Only ASCII letters and
    // four other runes land in ASCII: ı and İ fold to I, ſ to S, the Kelvin sign to K.
    private static int Fold(int rune) => rune switch
    {
        >= 'a' and <= 'z' => rune - ('a' - 'A'),
        < 0x80 => rune,
        0x130 or 0x131 => 'I',
        0x17F => 'S',
        0x212A => 'K',
        _ => -1,
    };
}
