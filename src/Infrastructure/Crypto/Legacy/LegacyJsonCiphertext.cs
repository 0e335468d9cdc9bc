// KES ≤ v0.19 JSON ciphertext (docs/crypto.md §4.1), decoded with Go encoding/json rules:
//   {"aead":"AES-256-GCM-HMAC-SHA-256"|"ChaCha20Poly1305","id":"…","iv":"<b64>","nonce":"<b64>","bytes":"<b64>"}
//
//   iv      16 bytes      aead   names the AEAD, ignored (the stored key's type decides)
//   nonce   12 bytes      id     optional, ignored
//   bytes   AEAD output S (ciphertext ‖ 16-byte tag), any length
//
// Normalized raw = bytes ‖ iv ‖ nonce.

using System.Text.Json;
using Kes.Infrastructure.Crypto.Go;

namespace Kes.Infrastructure.Crypto.Legacy;

/// <summary>Parses the legacy JSON ciphertext into the raw <c>S ‖ iv ‖ nonce</c> layout.</summary>
internal static class LegacyJsonCiphertext
{
    private const int IvSize = 16;
    private const int NonceSize = 12;

    /// <summary>False for anything Go's decoder would reject, including a well-formed object with a wrong aead, iv or nonce.</summary>
    public static bool TryNormalize(ReadOnlySpan<byte> json, out byte[] raw)
    {
        raw = [];
        try
        {
            return TryParse(json, out raw);
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool TryParse(ReadOnlySpan<byte> json, out byte[] raw)
    {
        raw = [];
        var reader = new Utf8JsonReader(json, GoJson.ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var scratch = new byte[json.Length];
        var knownAead = false;
        byte[]? iv = null;
        byte[]? nonce = null;
        byte[]? sealedBytes = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (GoJson.NameMatches(ref reader, "AEAD"u8))
            {
                reader.Read();
                if (!GoJson.IsStringOrNull(ref reader))
                {
                    return false;
                }

                if (reader.TokenType == JsonTokenType.String)
                {
                    knownAead = reader.ValueTextEquals("AES-256-GCM-HMAC-SHA-256"u8) || reader.ValueTextEquals("ChaCha20Poly1305"u8);
                }
            }
            else if (GoJson.NameMatches(ref reader, "IV"u8))
            {
                reader.Read();
                if (!TryReadBytes(ref reader, scratch, ref iv))
                {
                    return false;
                }
            }
            else if (GoJson.NameMatches(ref reader, "NONCE"u8))
            {
                reader.Read();
                if (!TryReadBytes(ref reader, scratch, ref nonce))
                {
                    return false;
                }
            }
            else if (GoJson.NameMatches(ref reader, "BYTES"u8))
            {
                reader.Read();
                if (!TryReadBytes(ref reader, scratch, ref sealedBytes))
                {
                    return false;
                }
            }
            else
            {
                // "id" is a string field Go type-checks; any other name is unknown and skipped whole.
                var isId = GoJson.NameMatches(ref reader, "ID"u8);
                reader.Read();
                if (isId && !GoJson.IsStringOrNull(ref reader))
                {
                    return false;
                }

                reader.Skip();
            }
        }

        // Go validates the whole input before decoding, so trailing garbage fails even after a good object.
        while (reader.Read())
        {
        }

        if (!knownAead || iv?.Length != IvSize || nonce?.Length != NonceSize)
        {
            return false;
        }

        raw = [.. sealedBytes ?? [], .. iv, .. nonce];
        return true;
    }

    private static bool TryReadBytes(ref Utf8JsonReader reader, byte[] scratch, ref byte[]? field)
    {
        if (!GoJson.TryReadBytes(ref reader, scratch, out var length))
        {
            return false;
        }

        field = length < 0 ? null : scratch.AsSpan(0, length).ToArray();
        return true;
    }
}
