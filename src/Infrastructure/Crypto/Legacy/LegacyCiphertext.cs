using System.Text.Unicode;

namespace Kes.Infrastructure.Crypto.Legacy;

/// <summary>Turns the two legacy ciphertext formats (JSON, msgpack) into the raw <c>S ‖ iv ‖ nonce</c> layout (docs/crypto.md §4).</summary>
/// <remarks>A cold path: it allocates the normalized copy. It never throws, whatever the input.</remarks>
public static class LegacyCiphertext
{
    private const byte MsgpackFixArray5 = 0x95;
    private const byte JsonObjectStart = (byte)'{';

    /// <summary>Whether a ciphertext starting with <paramref name="first"/> could be in a legacy format.</summary>
    public static bool MayBeLegacy(byte first) => first is MsgpackFixArray5 or JsonObjectStart;

    /// <summary>Parses a legacy ciphertext. False means "not legacy": the caller then treats the input as raw.</summary>
    public static bool TryNormalize(ReadOnlySpan<byte> ciphertext, out byte[] raw)
    {
        raw = [];
        if (ciphertext.IsEmpty)
        {
            return false;
        }

        return ciphertext[0] switch
        {
            MsgpackFixArray5 => MsgpackCiphertext.TryNormalize(ciphertext, out raw),
            // A current-format ciphertext starts with '{' once in 256; random bytes are almost never valid
            // UTF-8, so this check keeps such ciphertexts off the JSON reader and its exceptions.
            JsonObjectStart => Utf8.IsValid(ciphertext) && LegacyJsonCiphertext.TryNormalize(ciphertext, out raw),
            _ => false,
        };
    }
}
