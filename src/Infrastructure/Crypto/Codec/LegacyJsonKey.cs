// The legacy JSON key of KES ≤ v0.23 (docs/crypto.md §7.3), decoded with Go encoding/json rules:
//   {"bytes":"<b64>","algorithm":"<type>","created_at":"<RFC 3339>","created_by":"<identity>"}
//
//   bytes        required, exactly 32 bytes
//   algorithm    absent/empty → AES256; else AES256, AES256-GCM_SHA256, ChaCha20, XCHACHA20-POLY1305
//   created_at   absent → Go's zero time; Go's time.Time reads the raw string without unescaping
//   created_by   absent → empty
//   HMAC key     none; such entries are never rewritten

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kes.Domain.Identities;
using Kes.Domain.Keys;
using Kes.Infrastructure.Crypto.Go;

namespace Kes.Infrastructure.Crypto.Codec;

/// <summary>Reads a key version stored in the legacy JSON format.</summary>
internal static class LegacyJsonKey
{
    /// <summary>Reads <paramref name="json"/>, which must already be valid JSON; anything Go would reject throws <see cref="KeyFormatException"/>.</summary>
    public static KeyVersion Read(ReadOnlySpan<byte> json)
    {
        try
        {
            return Parse(json);
        }
        catch (JsonException)
        {
            throw Invalid("is not valid JSON");
        }
        catch (InvalidOperationException)
        {
            throw Invalid("has a string that is not valid Unicode");
        }
    }

    private static KeyVersion Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, GoJson.ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw Invalid("is not a JSON object");
        }

        // Every value, once unescaped or decoded, fits in the input's length.
        using var scratch = SecretMemory.Allocate(json.Length);
        Span<byte> key = stackalloc byte[SecretKey.Size];
        try
        {
            var keyLength = 0;
            string? algorithm = null;
            var createdAt = KesTimestamp.Zero;
            string? createdBy = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (GoJson.NameMatches(ref reader, "BYTES"u8))
                {
                    reader.Read();
                    if (!GoJson.TryReadBytes(ref reader, scratch.Span, out var length))
                    {
                        throw Invalid("has a 'bytes' value that is not base64");
                    }

                    keyLength = Math.Max(length, 0);
                    if (keyLength == SecretKey.Size)
                    {
                        scratch.Span[..SecretKey.Size].CopyTo(key);
                    }
                }
                else if (GoJson.NameMatches(ref reader, "ALGORITHM"u8))
                {
                    reader.Read();
                    algorithm = ReadString(ref reader, "algorithm") ?? algorithm;
                }
                else if (GoJson.NameMatches(ref reader, "CREATED_AT"u8))
                {
                    reader.Read();
                    createdAt = ReadTime(ref reader) ?? createdAt;
                }
                else if (GoJson.NameMatches(ref reader, "CREATED_BY"u8))
                {
                    reader.Read();
                    createdBy = ReadString(ref reader, "created_by") ?? createdBy;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (keyLength != SecretKey.Size)
            {
                throw Invalid($"has a secret key of {keyLength} bytes, not {SecretKey.Size}");
            }

            var type = KeyAlgorithm.Aes256;
            if (!string.IsNullOrEmpty(algorithm) && !KeyAlgorithms.TryParse(algorithm, out type))
            {
                throw Invalid("has an unsupported algorithm");
            }

            var identity = string.IsNullOrEmpty(createdBy) ? Identity.Empty : new Identity(createdBy);
            return new KeyVersion(SecretKey.FromBytes(type, key), null, createdAt, identity);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    // Null leaves a Go string as it was, hence the null result.
    private static string? ReadString(ref Utf8JsonReader reader, string field)
    {
        if (!GoJson.IsStringOrNull(ref reader))
        {
            throw Invalid($"has a '{field}' that is not a string");
        }

        return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
    }

    // time.Time.UnmarshalJSON: null is a no-op; otherwise the raw text between the quotes must be RFC 3339.
    private static KesTimestamp? ReadTime(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped
            || !KesTimestamp.TryParseRfc3339(Encoding.UTF8.GetString(reader.ValueSpan), out var createdAt))
        {
            throw Invalid("has a 'created_at' that is not an RFC 3339 time");
        }

        return createdAt;
    }

    private static KeyFormatException Invalid(string problem) => new("kes: stored legacy JSON key " + problem);
}
