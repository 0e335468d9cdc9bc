// KES sealing with a ChaCha20 key — docs/crypto.md §2–3 and §5.
//
// | secret key    | 32 bytes, kept in SecretMemory                           |
// | iv            | 16 bytes → K' = HChaCha20(key, iv), 32 bytes, per message |
// | nonce         | 12 bytes, ChaCha20-Poly1305 (RFC 8439) keyed with K'      |
// | tag           | 16 bytes                                                 |
// | overhead      | 44 bytes: tag ‖ iv ‖ nonce                               |

using System.Security.Cryptography;
using Kes.Domain.Keys;

namespace Kes.Infrastructure.Crypto.Fast;

/// <summary>The KES cipher for ChaCha20 keys: an HChaCha20 per-message key and the in-house ChaCha20-Poly1305, with no native context and no allocation per call.</summary>
public sealed class FastChaCha20Cipher : KeyCipher
{
    private const int SubkeySize = HChaCha20.OutputSize;

    /// <summary>Copies the bytes of <paramref name="key"/>, which must be a ChaCha20 key, into state owned by this cipher.</summary>
    public FastChaCha20Cipher(SecretKey key)
        : base(KeyAlgorithm.ChaCha20, KeyState.CopyOf(key, KeyAlgorithm.ChaCha20))
    {
    }

    /// <inheritdoc />
    protected override void SealCore(
        SecretMemory state,
        ReadOnlySpan<byte> iv,
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> plaintext,
        ReadOnlySpan<byte> associatedData,
        Span<byte> ciphertext,
        Span<byte> tag)
    {
        Span<byte> subkey = stackalloc byte[SubkeySize];
        try
        {
            HChaCha20.DeriveKeyCore(state.Span, iv, subkey);
            FastChaCha20Poly1305.SealCore(subkey, nonce, plaintext, associatedData, ciphertext, tag);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(subkey);
        }
    }

    /// <inheritdoc />
    protected override bool OpenCore(
        SecretMemory state,
        ReadOnlySpan<byte> iv,
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> ciphertext,
        ReadOnlySpan<byte> tag,
        ReadOnlySpan<byte> associatedData,
        Span<byte> plaintext)
    {
        Span<byte> subkey = stackalloc byte[SubkeySize];
        try
        {
            HChaCha20.DeriveKeyCore(state.Span, iv, subkey);
            return FastChaCha20Poly1305.OpenCore(subkey, nonce, ciphertext, tag, associatedData, plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(subkey);
        }
    }
}
