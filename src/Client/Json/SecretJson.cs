using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Kes.Domain.Keys;

namespace Kes.Client.Json;

/// <summary>Decodes a base64 field of a JSON reply straight into <see cref="SecretMemory"/>, so that plaintexts and data keys never sit in a managed array.</summary>
internal static class SecretJson
{
    /// <summary>The decoded top-level field <paramref name="name"/> (matched as Go does), or an empty block when absent or null.</summary>
    /// <exception cref="JsonException">The reply is not a JSON object or the field is not valid base64.</exception>
    public static SecretMemory ReadBase64(ReadOnlySpan<byte> json, string name)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read())
        {
            throw new JsonException("expected a JSON object");
        }

        return ReadBase64(ref reader, name);
    }

    /// <summary>The field <paramref name="name"/> of every object in a JSON array, in order (the bulk-decrypt reply).</summary>
    public static List<SecretMemory> ReadBase64Array(ReadOnlySpan<byte> json, string name)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("expected a JSON array");
        }

        var values = new List<SecretMemory>();
        try
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                values.Add(ReadBase64(ref reader, name));
            }

            return values;
        }
        catch
        {
            foreach (var value in values)
            {
                value.Dispose();
            }

            throw;
        }
    }

    // Reads one object, from its StartObject token to its EndObject token.
    private static SecretMemory ReadBase64(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("expected a JSON object");
        }

        SecretMemory? result = null;
        try
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var matches = string.Equals(reader.GetString(), name, StringComparison.OrdinalIgnoreCase);
                reader.Read();
                if (!matches)
                {
                    reader.Skip();
                    continue;
                }

                result?.Dispose();
                result = reader.TokenType switch
                {
                    JsonTokenType.Null => SecretMemory.Allocate(0),
                    JsonTokenType.String => Decode(ref reader),
                    _ => throw new JsonException($"field '{name}' is not a string"),
                };
            }

            return result ?? SecretMemory.Allocate(0);
        }
        catch
        {
            result?.Dispose();
            throw;
        }
    }

    private static SecretMemory Decode(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return Decode(reader.ValueSpan);
        }

        var length = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
        var unescaped = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            var written = reader.CopyString(unescaped);
            return Decode(unescaped.AsSpan(0, written));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(unescaped);
            ArrayPool<byte>.Shared.Return(unescaped);
        }
    }

    private static SecretMemory Decode(ReadOnlySpan<byte> base64)
    {
        if (base64.Length % 4 != 0)
        {
            throw new JsonException("illegal base64 data in reply");
        }

        var padding = base64.IsEmpty ? 0 : (base64[^1] == '=' ? 1 : 0) + (base64.Length > 1 && base64[^2] == '=' ? 1 : 0);
        var secret = SecretMemory.Allocate((base64.Length / 4 * 3) - padding);
        if (Base64.DecodeFromUtf8(base64, secret.Span, out var consumed, out var written) != OperationStatus.Done
            || consumed != base64.Length
            || written != secret.Length)
        {
            secret.Dispose();
            throw new JsonException("illegal base64 data in reply");
        }

        return secret;
    }
}
