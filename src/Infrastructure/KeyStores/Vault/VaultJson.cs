using System.Buffers;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Kes.Infrastructure.KeyStores.Vault;

/// <summary>The request bodies that carry a stored value, and the reading of a string deep inside an answer, without a managed string of the value.</summary>
internal static class VaultJson
{
    // Utf8JsonWriter escapes a byte into at most six ("\u00XX").
    private const int MaxEscapeExpansion = 6;
    private const int FixedOverhead = 256;

    // Vault decodes the JSON, so the stored text is the same however it is escaped; relaxed escaping keeps base64 readable on the wire.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A pooled body built by <paramref name="write"/>; the caller sends <c>Length</c> bytes of it and returns it with <see cref="Return"/>.</summary>
    public static (byte[] Buffer, int Length) Write(int valueLength, Action<Utf8JsonWriter> write)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((MaxEscapeExpansion * valueLength) + FixedOverhead);
        try
        {
            // Not expandable: the body never passes through a growing buffer that would leave copies behind.
            using var stream = new MemoryStream(buffer, writable: true);
            using (var writer = new Utf8JsonWriter(stream, WriterOptions))
            {
                write(writer);
            }

            return (buffer, (int)stream.Position);
        }
        catch
        {
            Return(buffer);
            throw;
        }
    }

    /// <summary>Zeroes and returns a body from <see cref="Write"/>.</summary>
    public static void Return(byte[] buffer)
    {
        CryptographicOperations.ZeroMemory(buffer);
        ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>The unescaped UTF-8 bytes of the string at <paramref name="path"/> (object members from the root); null when it is absent or not a string.</summary>
    /// <exception cref="JsonException">The answer is not JSON.</exception>
    public static byte[]? FindString(ReadOnlySpan<byte> json, params ReadOnlySpan<string> path)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read())
        {
            return null;
        }

        foreach (var member in path)
        {
            if (reader.TokenType != JsonTokenType.StartObject || !SeekMember(ref reader, member))
            {
                return null;
            }
        }

        return reader.TokenType == JsonTokenType.String ? JsonStringBytes.Copy(ref reader) : null;
    }

    // From a StartObject token, moves onto the value of the named member.
    private static bool SeekMember(ref Utf8JsonReader reader, string member)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(member);
            reader.Read();
            if (match)
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }
}
