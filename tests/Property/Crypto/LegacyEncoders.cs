using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Kes.Domain.Keys;

namespace Kes.PropertyTests.Crypto;

/// <summary>Test-side writers of the two legacy ciphertext formats, varying everything Go's decoders accept.</summary>
/// <remarks>
/// A <c>variant</c> seed picks the spelling: JSON key case (including Go's non-ASCII folds), escaped
/// names, field order, an id and unknown fields, newlines in base64 or a number array; msgpack string
/// and bin widths and the algorithm spelling.
/// </remarks>
internal static class LegacyEncoders
{
    private const int IvSize = 16;
    private const int NonceSize = 12;
    private const int TrailerSize = IvSize + NonceSize;

    private static readonly string[] AlgorithmNames = ["AES256", "AES256-GCM_SHA256", "ChaCha20", "XCHACHA20-POLY1305"];

    /// <summary>The KES ≤ v0.19 JSON form of a raw <c>S ‖ iv ‖ nonce</c> ciphertext.</summary>
    public static byte[] Json(ReadOnlySpan<byte> raw, KeyAlgorithm algorithm, int variant)
    {
        var random = new Random(variant);
        var aead = algorithm == KeyAlgorithm.Aes256 ? "AES-256-GCM-HMAC-SHA-256" : "ChaCha20Poly1305";
        var fields = new List<string>
        {
            $"{Name("aead", random)}:\"{aead}\"",
            $"{Name("iv", random)}:{Bytes(raw.Slice(raw.Length - TrailerSize, IvSize), random)}",
            $"{Name("nonce", random)}:{Bytes(raw[^NonceSize..], random)}",
            $"{Name("bytes", random)}:{Bytes(raw[..^TrailerSize], random)}",
        };
        if (random.Next(2) == 0)
        {
            fields.Add($"{Name("id", random)}:\"66687aadf862bd776c8fc18b8e9f8e20\"");
        }

        if (random.Next(3) == 0)
        {
            fields.Add("\"version\":{\"v\":[1,2.5e3,null,true,\"x\"],\"w\":{}}");
        }

        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(fields));
        var separator = random.Next(2) == 0 ? "," : " ,\r\n\t";
        return Encoding.UTF8.GetBytes("{" + string.Join(separator, fields) + "}" + (random.Next(4) == 0 ? " \n" : string.Empty));
    }

    /// <summary>The KES v0.19.x … 2024-01 msgpack form of a raw <c>S ‖ iv ‖ nonce</c> ciphertext.</summary>
    public static byte[] Msgpack(ReadOnlySpan<byte> raw, int variant)
    {
        var random = new Random(variant);
        var output = new List<byte> { 0x95 };
        WriteString(output, Encoding.ASCII.GetBytes(AlgorithmNames[random.Next(AlgorithmNames.Length)]), random);
        WriteString(output, random.Next(4) == 0 ? [] : "66687aadf862bd776c8fc18b8e9f8e20"u8.ToArray(), random);
        WriteBinary(output, raw.Slice(raw.Length - TrailerSize, IvSize), random);
        WriteBinary(output, raw[^NonceSize..], random);
        WriteBinary(output, raw[..^TrailerSize], random);
        return [.. output];
    }

    // Go matches field names after folding case; ſ folds to S and ı/İ to I, so those spell the names too.
    private static string Name(string name, Random random)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in name)
        {
            var spelled = random.Next(6) switch
            {
                0 => char.ToUpperInvariant(c).ToString(),
                1 => $"\\u{(int)c:x4}",
                2 when c == 's' => "\u017F",
                2 when c == 'i' => random.Next(2) == 0 ? "\u0131" : "\u0130",
                _ => c.ToString(),
            };
            builder.Append(spelled);
        }

        return builder.Append('"').ToString();
    }

    private static string Bytes(ReadOnlySpan<byte> bytes, Random random)
    {
        if (random.Next(5) == 0)
        {
            var numbers = new string[bytes.Length];
            for (var i = 0; i < bytes.Length; i++)
            {
                numbers[i] = bytes[i] == 0 && random.Next(2) == 0 ? "null" : bytes[i].ToString(CultureInfo.InvariantCulture);
            }

            return "[" + string.Join(",", numbers) + "]";
        }

        var text = Convert.ToBase64String(bytes);
        if (random.Next(3) == 0)
        {
            var builder = new StringBuilder();
            foreach (var c in text)
            {
                builder.Append(c);
                if (random.Next(8) == 0)
                {
                    builder.Append(random.Next(2) == 0 ? "\\r\\n" : "\\n");
                }
            }

            text = builder.ToString();
        }

        return "\"" + text + "\"";
    }

    private static void WriteString(List<byte> output, ReadOnlySpan<byte> value, Random random)
    {
        var width = random.Next(value.Length <= 31 ? 4 : 3);
        WriteSized(output, value, width == 3 ? (byte)(0xa0 | value.Length) : (byte)(0xd9 + width), width);
    }

    private static void WriteBinary(List<byte> output, ReadOnlySpan<byte> value, Random random)
    {
        var width = random.Next(value.Length <= byte.MaxValue ? 0 : 1, 3);
        WriteSized(output, value, (byte)(0xc4 + width), width);
    }

    // width 0, 1, 2: a one, two or four byte big-endian length follows the type byte; 3: fixstr, no length.
    private static void WriteSized(List<byte> output, ReadOnlySpan<byte> value, byte type, int width)
    {
        output.Add(type);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)value.Length);
        switch (width)
        {
            case 0:
                output.Add(length[3]);
                break;
            case 1:
                output.AddRange(length[2..]);
                break;
            case 2:
                output.AddRange(length);
                break;
        }

        output.AddRange(value);
    }
}
