using System.Text.Encodings.Web;
using System.Text.Json;

namespace Kes.Application.Json;

/// <summary>JSON writer settings that produce the bytes Go's encoding/json produces (docs/api.md §4.3).</summary>
public static class GoJson
{
    /// <summary>Escapes <c>&lt; &gt; &amp;</c> and U+2028/U+2029 like Go, and leaves <c>+ / '</c> alone.</summary>
    public static JavaScriptEncoder Encoder { get; } = new GoEncoder();

    /// <summary>Writer options for compact Go-compatible output.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = Encoder, SkipValidation = false };

    /// <summary>An encoder that escapes exactly what Go escapes and passes every other character through.</summary>
    private sealed class GoEncoder : JavaScriptEncoder
    {
        private readonly JavaScriptEncoder _inner = UnsafeRelaxedJsonEscaping;

        public override int MaxOutputCharactersPerInputCharacter => _inner.MaxOutputCharactersPerInputCharacter;

        public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
        {
            for (var i = 0; i < textLength; i++)
            {
                if (WillEncode(text[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
        {
            if (unicodeScalar is '<' or '>' or '&' or 0x2028 or 0x2029)
            {
                var escaped = $"\\u{unicodeScalar:x4}";
                if (bufferLength < escaped.Length)
                {
                    numberOfCharactersWritten = 0;
                    return false;
                }

                escaped.AsSpan().CopyTo(new Span<char>(buffer, bufferLength));
                numberOfCharactersWritten = escaped.Length;
                return true;
            }

            return _inner.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);
        }

        public override bool WillEncode(int unicodeScalar) =>
            unicodeScalar is '<' or '>' or '&' or '"' or '\\' or 0x2028 or 0x2029 or < 0x20 or 0x7f;
    }
}
