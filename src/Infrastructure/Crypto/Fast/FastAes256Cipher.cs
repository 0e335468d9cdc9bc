// KES AES256 sealing (docs/crypto.md §2–3): K' = HMAC-SHA256(K, iv), then AES-256-GCM under K'.
//
// | item             | size                                     |
// |------------------|------------------------------------------|
// | key K            | 32 bytes                                 |
// | iv               | 16 bytes (HMAC message)                  |
// | per-message K'   | 32 bytes                                 |
// | nonce            | 12 bytes                                 |
// | tag              | 16 bytes                                 |
// | overhead         | 44 bytes: tag 16 ‖ iv 16 ‖ nonce 12      |
// | per-key state    | 64 bytes: HMAC inner and outer chaining  |

using System.Security.Cryptography;
using Kes.Domain.Keys;

namespace Kes.Infrastructure.Crypto.Fast;

/// <summary>The KES AES256 cipher on the managed HMAC-SHA256 and the AES-NI AES-256-GCM core, with no allocation per message.</summary>
/// <remarks>The per-key state is the HMAC's precomputed chaining values; the key itself is not kept.</remarks>
public sealed class FastAes256Cipher : KeyCipher
{
    /// <summary>Builds the cipher for an AES256 <paramref name="key"/>; the caller keeps owning the key.</summary>
    /// <exception cref="ArgumentException">The key is not an AES256 key.</exception>
    /// <exception cref="PlatformNotSupportedException">The CPU lacks the instructions (see <see cref="IsSupported"/>).</exception>
    public FastAes256Cipher(SecretKey key)
        : base(KeyAlgorithm.Aes256, CreateState(key))
    {
    }

    /// <summary>Whether this CPU can run the cipher; if not, use the platform implementation instead.</summary>
    public static bool IsSupported => FastAesGcm.IsSupported;

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
        Span<byte> messageKey = stackalloc byte[FastHmacSha256.MacSize];
        try
        {
            FastHmacSha256.Compute(state.Span, iv, messageKey);
            FastAesGcm.SealCore(messageKey, nonce, plaintext, associatedData, ciphertext, tag);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(messageKey);
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
        Span<byte> messageKey = stackalloc byte[FastHmacSha256.MacSize];
        try
        {
            FastHmacSha256.Compute(state.Span, iv, messageKey);
            return FastAesGcm.OpenCore(messageKey, nonce, ciphertext, tag, associatedData, plaintext);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(messageKey);
        }
    }

    private static SecretMemory CreateState(SecretKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Algorithm != KeyAlgorithm.Aes256)
        {
            throw new ArgumentException("the key is not an AES256 key", nameof(key));
        }

        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("the fast AES256 cipher needs AES-NI, PCLMULQDQ and SSE4.1");
        }

        Span<byte> keyBytes = stackalloc byte[SecretKey.Size];
        var state = SecretMemory.Allocate(FastHmacSha256.StateSize);
        try
        {
            key.CopyTo(keyBytes);
            FastHmacSha256.Precompute(keyBytes, state.Span);
            return state;
        }
        catch
        {
            state.Dispose();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyBytes);
        }
    }
}
