// KES stored key version (docs/crypto.md §7): value = ASCII(base64_std_padded(protobuf KeyVersion)); a
// value that is valid JSON is the legacy JSON key format instead.
//
//   protobuf       76 (both keys) + 2 + timestamp (0–17) + created_by (2 + length, or 0) bytes
//   stored value   4 * ceil(protobuf / 3) bytes: 208 for a hex identity and a sub-second time
//   keys           secret key 32 bytes, HMAC key 32 bytes (none in the legacy JSON format)

using System.Globalization;
using System.Text;
using Kes.Domain.Identities;
using Kes.Domain.Keys;
using Kes.Infrastructure.Crypto.Go;

namespace Kes.Infrastructure.Crypto.Codec;

/// <summary>Encodes a key version into the value a keystore stores, and decodes both stored formats back.</summary>
/// <remarks>
/// Key bytes go from the keys' native memory into a pinned <see cref="SecretMemory"/> buffer, and from
/// the decode buffer into new keys; no managed copy of them is made apart from the encoded value itself.
/// </remarks>
public static class KeyVersionCodec
{
    private const int NanosPerSecond = 1_000_000_000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The stored value of <paramref name="version"/>, byte-identical to upstream KES.</summary>
    /// <returns>ASCII base64 that encodes both keys: the caller must zero it (CryptographicOperations.ZeroMemory) once written.</returns>
    /// <exception cref="KeyFormatException">The version has no HMAC key (a legacy JSON key, which is never rewritten) or an invalid time or creator.</exception>
    public static byte[] Encode(KeyVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return Encode(version.Key, version.HmacKey, version.CreatedAt, version.CreatedBy);
    }

    /// <summary>The stored value of a key version given by its parts; fails, as upstream does, when either key is missing.</summary>
    /// <returns>ASCII base64 that encodes both keys: the caller must zero it once written.</returns>
    /// <exception cref="KeyFormatException">A key is missing, the nanoseconds are outside 0..999 999 999, or the creator is not valid Unicode.</exception>
    public static byte[] Encode(SecretKey? key, HmacKey? hmacKey, KesTimestamp createdAt, Identity createdBy)
    {
        if (key is null)
        {
            throw new KeyFormatException("kes: secret key is not initialized");
        }

        if (hmacKey is null)
        {
            throw new KeyFormatException("kes: HMAC key is not initialized");
        }

        if (createdAt.Nanos is < 0 or >= NanosPerSecond)
        {
            throw new KeyFormatException("kes: created_at has nanoseconds outside 0..999999999");
        }

        var creator = CreatorBytes(createdBy);
        var size = KeyVersionProtobuf.Size(createdAt, creator.Length);
        using var message = SecretMemory.Allocate(size);
        KeyVersionProtobuf.Write(key, hmacKey, createdAt, creator, message.Span);
        var value = new byte[GoBase64.EncodedLength(size)];
        GoBase64.Encode(message.Span, value);
        return value;
    }

    /// <summary>Decodes a stored value in either format (§7.2).</summary>
    /// <exception cref="KeyFormatException">The value is not a valid key version; this is the only exception it throws for bad input.</exception>
    public static KeyVersion Decode(ReadOnlySpan<byte> value)
    {
        if (GoJson.IsValid(value))
        {
            return LegacyJsonKey.Read(value);
        }

        var length = GoBase64.DecodedLength(value);
        if (length < 0)
        {
            throw NotBase64(value);
        }

        if (length == 0)
        {
            throw new KeyFormatException("kes: stored key is empty");
        }

        using var message = SecretMemory.Allocate(length);
        if (!GoBase64.TryDecode(value, message.Span))
        {
            throw NotBase64(value);
        }

        return KeyVersionProtobuf.Read(message.Span);
    }

    // Upstream's log names the first byte Go's decoder refuses; that tells an operator where a file was damaged.
    private static KeyFormatException NotBase64(ReadOnlySpan<byte> value) =>
        new(string.Create(CultureInfo.InvariantCulture, $"illegal base64 data at input byte {Math.Max(0, GoBase64.CorruptInputOffset(value))}"));

    private static byte[] CreatorBytes(Identity createdBy)
    {
        try
        {
            return StrictUtf8.GetBytes(createdBy.Value ?? string.Empty);
        }
        catch (EncoderFallbackException)
        {
            throw new KeyFormatException("kes: created_by is not valid Unicode");
        }
    }
}
