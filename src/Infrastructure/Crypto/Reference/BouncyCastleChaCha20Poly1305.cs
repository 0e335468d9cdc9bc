// ChaCha20-Poly1305 (RFC 8439) through BouncyCastle, for platforms where
// System.Security.Cryptography.ChaCha20Poly1305.IsSupported is false.
//
//   key 32 bytes   nonce 12 bytes   tag 16 bytes   overhead 16 bytes
//
// BouncyCastle keeps the key in a managed KeyParameter array that cannot be cleared; that array holds
// only the per-message key K', never the stored key, and this path is taken only without native support.

using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using BcChaCha20Poly1305 = Org.BouncyCastle.Crypto.Modes.ChaCha20Poly1305;

namespace Kes.Infrastructure.Crypto.Reference;

/// <summary>Span-based seal and open over BouncyCastle's ChaCha20Poly1305, with the tag kept apart from the ciphertext.</summary>
internal static class BouncyCastleChaCha20Poly1305
{
    private const int TagSize = 16;
    private const int MacSizeBits = TagSize * 8;

    // BouncyCastle processes 64-byte blocks, so DoFinal emits at most one partial block and the tag.
    private const int FinalSize = 64 + TagSize;

    /// <summary>Seals <paramref name="plaintext"/> into <paramref name="ciphertext"/> (same length) and <paramref name="tag"/>.</summary>
    public static void Seal(
        ReadOnlySpan<byte> key,
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> plaintext,
        ReadOnlySpan<byte> associatedData,
        Span<byte> ciphertext,
        Span<byte> tag)
    {
        var aead = Create(forEncryption: true, key, nonce, associatedData);
        var written = aead.ProcessBytes(plaintext, ciphertext);
        Span<byte> final = stackalloc byte[FinalSize];
        var finalLength = aead.DoFinal(final);
        var tail = finalLength - TagSize;
        final[..tail].CopyTo(ciphertext[written..]);
        final.Slice(tail, TagSize).CopyTo(tag);
    }

    /// <summary>Opens into <paramref name="plaintext"/> (the ciphertext's length); false if the tag does not verify.</summary>
    public static bool TryOpen(
        ReadOnlySpan<byte> key,
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> ciphertext,
        ReadOnlySpan<byte> tag,
        ReadOnlySpan<byte> associatedData,
        Span<byte> plaintext)
    {
        var aead = Create(forEncryption: false, key, nonce, associatedData);

        // Decryption holds back the last 16 bytes it sees as the tag, so the two pieces are fed in order
        // and their output fills the plaintext exactly.
        var written = aead.ProcessBytes(ciphertext, plaintext);
        written += aead.ProcessBytes(tag, plaintext[written..]);
        try
        {
            aead.DoFinal(plaintext[written..]);
            return true;
        }
        catch (InvalidCipherTextException)
        {
            return false;
        }
    }

    private static BcChaCha20Poly1305 Create(bool forEncryption, ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData)
    {
        var aead = new BcChaCha20Poly1305();
        aead.Init(forEncryption, new AeadParameters(new KeyParameter(key), MacSizeBits, nonce.ToArray()));
        aead.ProcessAadBytes(associatedData);
        return aead;
    }
}
