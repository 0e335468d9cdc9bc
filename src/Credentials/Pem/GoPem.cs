using System.Buffers;
using System.Text;

namespace Kes.Credentials.Pem;

/// <summary>A port of Go's <c>encoding/pem.Decode</c>, so that TLS files are accepted and rejected exactly as KES does (docs/config.md §4.3).</summary>
/// <remarks>
/// Go's decoder differs from RFC 7468 parsers in ways users see: text before a block is skipped,
/// RFC 1421 headers (<c>Proc-Type</c>, <c>DEK-Info</c>) are kept, and a malformed block is skipped in
/// favour of a later one. <see cref="Filter"/> is KES's <c>FilterPEM</c> on top of it.
/// </remarks>
public static class GoPem
{
    public const string NoValidPemData = "https: no valid PEM data";
    public const string UnsupportedPemBlock = "https: unsupported PEM data block";

    private static ReadOnlySpan<byte> PemStart => "\n-----BEGIN "u8;
    private static ReadOnlySpan<byte> PemEnd => "\n-----END "u8;
    private static ReadOnlySpan<byte> PemEndOfLine => "-----"u8;

    /// <summary>KES <c>FilterPEM</c>: trims the input, then every block must decode and pass <paramref name="accept"/>.</summary>
    /// <exception cref="TlsLoadException">With KES's message for garbage or a block of the wrong type.</exception>
    public static List<PemBlock> Filter(ReadOnlySpan<byte> data, Func<string, bool> accept)
    {
        var rest = data.Trim(" \t\r\n\v\f"u8);
        var blocks = new List<PemBlock>();
        while (!rest.IsEmpty)
        {
            var block = Decode(rest, out var consumed) ?? throw new TlsLoadException(NoValidPemData);
            if (!accept(block.Type))
            {
                throw new TlsLoadException(UnsupportedPemBlock);
            }

            blocks.Add(block);
            rest = rest[consumed..];
        }

        return blocks;
    }

    /// <summary>Every block Go's <c>pem.Decode</c> finds when called until it returns none: text between blocks and malformed blocks are skipped.</summary>
    public static List<PemBlock> DecodeAll(ReadOnlySpan<byte> data)
    {
        var blocks = new List<PemBlock>();
        while (Decode(data, out var consumed) is { } block)
        {
            blocks.Add(block);
            data = data[consumed..];
        }

        return blocks;
    }

    /// <summary>The first PEM block in <paramref name="data"/>, or null if there is none; <paramref name="consumed"/> is where the rest starts.</summary>
    public static PemBlock? Decode(ReadOnlySpan<byte> data, out int consumed)
    {
        consumed = 0;
        var rest = data;
        while (true)
        {
            if (rest.StartsWith(PemStart[1..]))
            {
                rest = rest[(PemStart.Length - 1)..];
            }
            else
            {
                var start = rest.IndexOf(PemStart);
                if (start < 0)
                {
                    return null;
                }

                rest = rest[(start + PemStart.Length)..];
            }

            var typeLine = GetLine(rest, out rest);
            if (!typeLine.EndsWith(PemEndOfLine))
            {
                continue;
            }

            typeLine = typeLine[..^PemEndOfLine.Length];
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            while (true)
            {
                if (rest.IsEmpty)
                {
                    return null;
                }

                var line = GetLine(rest, out var next);
                var colon = line.IndexOf((byte)':');
                if (colon < 0)
                {
                    break;
                }

                headers[Ascii(line[..colon].Trim(" \t"u8))] = Ascii(line[(colon + 1)..].Trim(" \t"u8));
                rest = next;
            }

            int endIndex;
            int endTrailerIndex;
            if (headers.Count == 0 && rest.StartsWith(PemEnd[1..]))
            {
                endIndex = 0;
                endTrailerIndex = PemEnd.Length - 1;
            }
            else
            {
                endIndex = rest.IndexOf(PemEnd);
                endTrailerIndex = endIndex + PemEnd.Length;
            }

            if (endIndex < 0)
            {
                continue;
            }

            var endTrailer = rest[endTrailerIndex..];
            var endTrailerLength = typeLine.Length + PemEndOfLine.Length;
            if (endTrailer.Length < endTrailerLength)
            {
                continue;
            }

            var restOfEndLine = endTrailer[endTrailerLength..];
            endTrailer = endTrailer[..endTrailerLength];
            if (!endTrailer.StartsWith(typeLine) || !endTrailer.EndsWith(PemEndOfLine))
            {
                continue;
            }

            if (!GetLine(restOfEndLine, out _).IsEmpty)
            {
                continue;
            }

            var bytes = DecodeBase64(rest[..endIndex]);
            if (bytes is null)
            {
                continue;
            }

            GetLine(rest[(endIndex + PemEnd.Length - 1)..], out rest);
            consumed = data.Length - rest.Length;
            return new PemBlock(Ascii(typeLine), headers, bytes);
        }
    }

    // Go's getLine: up to the next '\n', without a preceding '\r' and without trailing spaces and tabs.
    private static ReadOnlySpan<byte> GetLine(ReadOnlySpan<byte> data, out ReadOnlySpan<byte> rest)
    {
        var i = data.IndexOf((byte)'\n');
        int j;
        if (i < 0)
        {
            i = data.Length;
            j = i;
        }
        else
        {
            j = i + 1;
            if (i > 0 && data[i - 1] == '\r')
            {
                i--;
            }
        }

        rest = data[j..];
        return data[..i].TrimEnd(" \t"u8);
    }

    // Go's StdEncoding after removeSpacesAndTabs: padded standard base64 in which CR and LF are ignored.
    private static byte[]? DecodeBase64(ReadOnlySpan<byte> text)
    {
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(text.Length, 1));
        try
        {
            var length = 0;
            foreach (var b in text)
            {
                if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
                {
                    continue;
                }

                if (b >= 0x80)
                {
                    return null;
                }

                chars[length++] = (char)b;
            }

            if (length % 4 != 0)
            {
                return null;
            }

            var padding = length == 0 ? 0 : (chars[length - 1] == '=' ? 1 : 0) + (length > 1 && chars[length - 2] == '=' ? 1 : 0);
            var decoded = new byte[(length / 4 * 3) - padding];
            return Convert.TryFromBase64Chars(chars.AsSpan(0, length), decoded, out var written) && written == decoded.Length
                ? decoded
                : null;
        }
        finally
        {
            // The text may be a private key.
            ArrayPool<char>.Shared.Return(chars, clearArray: true);
        }
    }

    private static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
