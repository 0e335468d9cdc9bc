using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Kes.Api.Http.Buffers;
using Kes.Application.Keys;
using Kes.Domain.Keys;

namespace Kes.Api.Http.Json;

/// <summary>A request body decoded with Go encoding/json's leniencies (docs/api.md §4.4): only the first value, case-insensitive keys, last duplicate wins, unknown keys ignored.</summary>
/// <remarks>
/// String values are unescaped into a rented scratch buffer, so a field's bytes can be base64-decoded
/// straight into pinned memory without a managed copy of the secret, and non-secret fields are decoded
/// into the scratch's tail and handed out as memory over it. It is a value so that decoding a body
/// allocates nothing: the one variable that decoded it owns it and disposes it, once.
/// </remarks>
public readonly struct GoJsonBody : IDisposable
{
    /// <summary>The most fields a route's body has.</summary>
    public const int MaxFields = 2;

    /// <summary>The longest number text quoted in a message: Go quotes it whole, but a record must not grow with the body.</summary>
    private const int QuotedNumberLength = 64;

    /// <summary>How every body is read: its first JSON value only, nested as deep as Go's decoder allows.</summary>
    public static readonly JsonReaderOptions ReaderOptions = new() { AllowMultipleValues = true, MaxDepth = 10_000 };

    private static readonly SearchValues<byte> Base64Alphabet = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="u8);

    private readonly byte[]? _scratch;
    private readonly FieldValues _values;
    private readonly int _textLength;

    private GoJsonBody(byte[] scratch, FieldValues values, int textLength, string? error)
    {
        _scratch = scratch;
        _values = values;
        _textLength = textLength;
        Error = error;
    }

    /// <summary>The decoder's complaint, or null when the body decoded.</summary>
    public string? Error { get; }

    /// <summary>Decodes <paramref name="body"/> into one value per field (at most <see cref="MaxFields"/>).</summary>
    public static GoJsonBody Decode(ReadOnlySpan<byte> body, ReadOnlySpan<BodyField> fields)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fields.Length, MaxFields);
        var scratch = SecretBuffers.Rent(Math.Max(ScratchSize(body.Length), 16));
        var values = default(FieldValues);
        var used = 0;
        string? error;
        if (IsBlank(body))
        {
            error = "EOF";
        }
        else
        {
            var reader = new Utf8JsonReader(body, isFinalBlock: true, new JsonReaderState(ReaderOptions));
            try
            {
                error = ReadObject(ref reader, fields, values, ref scratch, ref used);
            }
            catch (JsonException e)
            {
                error = SyntaxError(e, reader.BytesConsumed, body.Length);
            }
        }

        // Each byte field decodes into its own region after the text, so no decode overwrites another's input.
        var decodedSize = 0;
        for (var i = 0; i < fields.Length; i++)
        {
            decodedSize += MaxDecodedLength(values[i]);
        }

        EnsureScratch(ref scratch, used + decodedSize);
        return new GoJsonBody(scratch, values, used, error);
    }

    /// <summary>Decodes base64 field <paramref name="field"/> (contexts, ciphertexts, messages: nothing secret); empty when absent or after an earlier error.</summary>
    /// <returns>Memory over the scratch buffer, valid until this body is disposed.</returns>
    public ReadOnlyMemory<byte> Bytes(int field, ref string? error)
    {
        var value = _values[field];
        if (value.IsEmpty || error is not null || _scratch is null)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        var start = DecodedRegion(field);
        var written = DecodeBase64(value, _scratch.AsSpan(start), out var decodeError);
        if (written < 0)
        {
            error = decodeError;
            return ReadOnlyMemory<byte>.Empty;
        }

        return new ReadOnlyMemory<byte>(_scratch, start, written);
    }

    /// <summary>Decodes base64 field <paramref name="field"/> (plaintexts, imported keys) straight into a pooled pinned block; empty when absent or on error.</summary>
    public SecretBytes Secret(int field, ref string? error)
    {
        var value = _values[field];
        if (!value.Present || error is not null || _scratch is null)
        {
            return default;
        }

        var block = SecretMemoryPool.Rent(MaxDecodedLength(value));
        var (written, decodeError) = block.Use((Body: this, Value: value), static (bytes, state) =>
        {
            var length = state.Body.DecodeBase64(state.Value, bytes, out var error);
            return (length, error);
        });
        if (written < 0)
        {
            block.Dispose();
            error = decodeError;
            return default;
        }

        return new SecretBytes(block, written);
    }

    /// <summary>String field <paramref name="field"/>'s text, or null when absent.</summary>
    public string? GetString(int field)
    {
        var value = _values[field];
        return value.Present && _scratch is not null ? Encoding.UTF8.GetString(_scratch, value.Start, value.Length) : null;
    }

    /// <summary>Clears the unescaped and decoded values (they may hold secrets) and returns the buffer.</summary>
    public void Dispose()
    {
        if (_scratch is not null)
        {
            SecretBuffers.Return(_scratch, _scratch.Length);
        }
    }

    /// <summary>Decodes a base64 value into <paramref name="destination"/>, Go style: padded standard alphabet, CR and LF skipped.</summary>
    /// <returns>The decoded length, or -1 with <paramref name="error"/> set.</returns>
    private int DecodeBase64(FieldValue value, Span<byte> destination, out string? error) =>
        DecodeBase64(_scratch.AsSpan(value.Start, value.Length), destination, out error);

    private static int DecodeBase64(Span<byte> text, Span<byte> destination, out string? error)
    {
        error = null;
        // One vectorized scan finds the first byte outside the alphabet; most values have none and decode in place.
        var kept = text.IndexOfAnyExcept(Base64Alphabet);
        if (kept < 0)
        {
            kept = text.Length;
        }

        for (var i = kept; i < text.Length; i++)
        {
            var c = text[i];
            if (c is (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            if (!Base64Alphabet.Contains(c))
            {
                error = $"illegal base64 data at input byte {kept}";
                return -1;
            }

            text[kept++] = c;
        }

        var status = Base64.DecodeFromUtf8(text[..kept], destination, out var consumed, out var written);
        if (status != OperationStatus.Done || kept % 4 != 0)
        {
            error = $"illegal base64 data at input byte {Math.Min(consumed, Math.Max(kept - 1, 0))}";
            return -1;
        }

        return written;
    }

    private int DecodedRegion(int field)
    {
        var start = _textLength;
        for (var i = 0; i < field; i++)
        {
            start += MaxDecodedLength(_values[i]);
        }

        return start;
    }

    private static int MaxDecodedLength(FieldValue value) => value.IsEmpty ? 0 : Base64.GetMaxDecodedFromUtf8Length(value.Length);

    /// <summary>Room for every unescaped value (never longer than the body) and every decoded one (three quarters of that).</summary>
    private static int ScratchSize(int bodyLength) => bodyLength + (bodyLength / 4 * 3) + 3;

    /// <summary>
    /// Go's text for a body whose first JSON value does not read (<see cref="ReaderOptions"/>): <c>EOF</c> when it is
    /// blank, <c>unexpected EOF</c> when it ends early, else the offset of the first byte that does not fit; null when it reads.
    /// </summary>
    public static string? SyntaxError(ReadOnlySpan<byte> body)
    {
        if (IsBlank(body))
        {
            return "EOF";
        }

        var reader = new Utf8JsonReader(body, isFinalBlock: true, new JsonReaderState(ReaderOptions));
        try
        {
            reader.Read();
            reader.Skip();
            return null;
        }
        catch (JsonException e)
        {
            return SyntaxError(e, reader.BytesConsumed, body.Length);
        }
    }

    private static string SyntaxError(JsonException e, long consumed, int length) =>
        consumed >= length || e.Message.Contains("end of data", StringComparison.Ordinal)
            ? "unexpected EOF"
            : $"invalid character at offset {consumed} in request body";

    private static string QuotedNumber(ReadOnlySpan<byte> text) =>
        text.Length <= QuotedNumberLength ? Encoding.UTF8.GetString(text) : Encoding.UTF8.GetString(text[..QuotedNumberLength]) + "…";

    private static bool IsBlank(ReadOnlySpan<byte> body)
    {
        foreach (var b in body)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }

    private static string TokenName(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "array",
        JsonTokenType.StartObject => "object",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "bool",
        _ => "string",
    };

    private static string? ReadObject(ref Utf8JsonReader reader, ReadOnlySpan<BodyField> fields, scoped Span<FieldValue> values, ref byte[] scratch, ref int used)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            var kind = TokenName(reader.TokenType);
            reader.Skip();
            return $"json: cannot unmarshal {kind} into Go value of type request";
        }

        string? typeError = null;
        Span<byte> nameBuffer = stackalloc byte[64];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = MatchField(ref reader, fields, nameBuffer);
            reader.Read();
            if (field < 0)
            {
                reader.Skip();
                continue;
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    typeError ??= EarlierOccurrenceError(fields[field], values[field], ref scratch, used);
                    values[field] = default;
                    break;
                case JsonTokenType.StartArray when fields[field].IsBytes:
                    typeError ??= EarlierOccurrenceError(fields[field], values[field], ref scratch, used);
                    var encoded = ReadByteArray(ref reader, fields[field].Name, ref scratch, used, ref typeError);
                    values[field] = new FieldValue(true, used, encoded);
                    used += encoded;
                    break;
                case JsonTokenType.String:
                    typeError ??= EarlierOccurrenceError(fields[field], values[field], ref scratch, used);
                    var length = CopyString(ref reader, ref scratch, used);
                    values[field] = new FieldValue(true, used, length);
                    used += length;
                    break;
                default:
                    // Go reports the first type error but still validates the rest of the value.
                    typeError ??= $"json: cannot unmarshal {TokenName(reader.TokenType)} into Go struct field .{fields[field].Name} of type {(fields[field].IsBytes ? "[]uint8" : "string")}";
                    reader.Skip();
                    break;
            }
        }

        return typeError;
    }

    /// <summary>
    /// Go decodes every occurrence of a field, so an invalid earlier one fails the body even when a later
    /// one is valid (docs/api.md §4.4): checks the occurrence about to be replaced, decoding it into the free
    /// scratch and clearing that again (it may be a secret).
    /// </summary>
    private static string? EarlierOccurrenceError(BodyField field, FieldValue earlier, ref byte[] scratch, int used)
    {
        if (!field.IsBytes || earlier.IsEmpty)
        {
            return null;
        }

        var room = Base64.GetMaxDecodedFromUtf8Length(earlier.Length);
        EnsureScratch(ref scratch, used + room);
        var destination = scratch.AsSpan(used, room);
        var text = scratch.AsSpan(earlier.Start, earlier.Length);
        DecodeBase64(text, destination, out var error);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(destination);
        return error;
    }

    /// <summary>
    /// A byte field given as a JSON array of numbers (<c>[1,2,3]</c>), which Go accepts for <c>[]byte</c>:
    /// each element 0–255 becomes a byte, stored base64-encoded at <paramref name="offset"/> so it decodes like a string value.
    /// </summary>
    /// <returns>The encoded length.</returns>
    private static int ReadByteArray(ref Utf8JsonReader reader, string name, ref byte[] scratch, int offset, ref string? typeError)
    {
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            byte element = 0;
            if (reader.TokenType == JsonTokenType.Number && !reader.TryGetByte(out element))
            {
                typeError ??= $"json: cannot unmarshal number {QuotedNumber(reader.ValueSpan)} into Go struct field .{name} of type uint8";
            }
            else if (reader.TokenType is not (JsonTokenType.Number or JsonTokenType.Null))
            {
                typeError ??= $"json: cannot unmarshal {TokenName(reader.TokenType)} into Go struct field .{name} of type uint8";
                reader.Skip();
            }

            EnsureScratch(ref scratch, offset + Base64.GetMaxEncodedToUtf8Length(count + 1));
            scratch[offset + count++] = element;
        }

        Base64.EncodeToUtf8InPlace(scratch.AsSpan(offset, Base64.GetMaxEncodedToUtf8Length(count)), count, out var written);
        return written;
    }

    /// <summary>Unescapes the current string value into the scratch at <paramref name="offset"/>.</summary>
    /// <remarks>
    /// System.Text.Json refuses text that is not valid Unicode (a lone surrogate escape, invalid UTF-8);
    /// Go's decoder puts U+FFFD in its place, so such a value is decoded the Go way instead of failing.
    /// </remarks>
    private static int CopyString(ref Utf8JsonReader reader, ref byte[] scratch, int offset)
    {
        try
        {
            return reader.CopyString(scratch.AsSpan(offset));
        }
        catch (InvalidOperationException)
        {
            // The body is one contiguous span, so the raw (escaped) value is ValueSpan; each raw byte unescapes to at most three.
            var raw = reader.ValueSpan;
            EnsureScratch(ref scratch, offset + (raw.Length * 3));
            return UnescapeLikeGo(raw, scratch.AsSpan(offset));
        }
    }

    private static void EnsureScratch(ref byte[] scratch, int size)
    {
        if (size <= scratch.Length)
        {
            return;
        }

        var larger = SecretBuffers.Rent(size);
        scratch.CopyTo(larger, 0);
        SecretBuffers.Return(scratch, scratch.Length);
        scratch = larger;
    }

    /// <summary>Go's <c>unquoteBytes</c> on a string the reader has already validated: escapes resolved, a surrogate escape without its partner and each byte of invalid UTF-8 become U+FFFD.</summary>
    private static int UnescapeLikeGo(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        var written = 0;
        var i = 0;
        while (i < raw.Length)
        {
            var c = raw[i];
            if (c == (byte)'\\' && raw[i + 1] == (byte)'u')
            {
                var unit = Hex4(raw.Slice(i + 2, 4));
                i += 6;
                var scalar = Rune.ReplacementChar;
                if (!char.IsSurrogate((char)unit))
                {
                    scalar = new Rune(unit);
                }
                else if (char.IsHighSurrogate((char)unit) && i + 6 <= raw.Length && raw[i] == (byte)'\\' && raw[i + 1] == (byte)'u'
                    && char.IsLowSurrogate((char)Hex4(raw.Slice(i + 2, 4))))
                {
                    scalar = new Rune((char)unit, (char)Hex4(raw.Slice(i + 2, 4)));
                    i += 6;
                }

                written += scalar.EncodeToUtf8(destination[written..]);
            }
            else if (c == (byte)'\\')
            {
                destination[written++] = raw[i + 1] switch
                {
                    (byte)'b' => (byte)'\b',
                    (byte)'f' => (byte)'\f',
                    (byte)'n' => (byte)'\n',
                    (byte)'r' => (byte)'\r',
                    (byte)'t' => (byte)'\t',
                    var literal => literal,
                };
                i += 2;
            }
            else if (c < 0x80)
            {
                destination[written++] = c;
                i++;
            }
            else if (Rune.DecodeFromUtf8(raw[i..], out _, out var consumed) == OperationStatus.Done)
            {
                raw.Slice(i, consumed).CopyTo(destination[written..]);
                written += consumed;
                i += consumed;
            }
            else
            {
                written += Rune.ReplacementChar.EncodeToUtf8(destination[written..]);
                i++;
            }
        }

        return written;
    }

    private static int Hex4(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var digit in digits)
        {
            value = (value << 4) | (digit <= (byte)'9' ? digit - '0' : (digit | 0x20) - 'a' + 10);
        }

        return value;
    }

    private static int MatchField(ref Utf8JsonReader reader, ReadOnlySpan<BodyField> fields, scoped Span<byte> buffer)
    {
        var length = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > buffer.Length)
        {
            return -1;
        }

        int copied;
        try
        {
            copied = reader.CopyString(buffer);
        }
        catch (InvalidOperationException)
        {
            // Not valid Unicode: Go would put U+FFFD in the name, and no field name contains that.
            return -1;
        }

        var name = buffer[..copied];
        var match = -1;
        for (var i = 0; i < fields.Length; i++)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(name, fields[i].Name))
            {
                match = i;
            }
        }

        return match;
    }
}
