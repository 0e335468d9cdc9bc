// KES AES256 sealing (docs/crypto.md §2–3): K' = HMAC-SHA256(K, iv) (RFC 2104), then AES-256-GCM
// (NIST SP 800-38D) keyed with K', over the caller's 12-byte nonce.
//
//   key K    32 bytes      iv       16 bytes      tag        16 bytes
//   K'       32 bytes      nonce    12 bytes      overhead   44 bytes (tag ‖ iv ‖ nonce)

using System.Security.Cryptography;
using Kes.Domain.Keys;

namespace Kes.Infrastructure.Crypto.Reference;

/// <summary>The reference AES256 core: the KES derivation and AEAD written with nothing but .NET's HMACSHA256 and AesGcm.</summary>
/// <remarks>
/// Straightforward on purpose, it is the oracle for the fast core: it builds a new AesGcm for every
/// message (K' changes per message), so it allocates and is slower than the fast core.
/// </remarks>
public sealed class ReferenceAes256Cipher : KeyCipher
{
    private const int DerivedKeySize = 32;
    private const int TagSize = 16;

    /// <summary>A cipher holding a native copy of <paramref name="key"/>, which must be an AES256 key.</summary>
    public ReferenceAes256Cipher(SecretKey key)
        : base(KeyAlgorithm.Aes256, KeyState.CopyOf(key, KeyAlgorithm.Aes256))
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
        Span<byte> derivedKey = stackalloc byte[DerivedKeySize];
        try
        {
            HMACSHA256.HashData(state.Span, iv, derivedKey);
            using var aead = new AesGcm(derivedKey, TagSize);
            aead.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(derivedKey);
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
        Span<byte> derivedKey = stackalloc byte[DerivedKeySize];
        try
        {
            HMACSHA256.HashData(state.Span, iv, derivedKey);
            using var aead = new AesGcm(derivedKey, TagSize);
            aead.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(derivedKey);
        }
    }
}
