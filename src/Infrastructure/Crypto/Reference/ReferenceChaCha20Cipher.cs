// KES ChaCha20 sealing (docs/crypto.md §2–3, §5): K' = HChaCha20(K, iv) (draft-irtf-cfrg-xchacha-03 §2.2),
// then ChaCha20-Poly1305 (RFC 8439, 12-byte nonce) keyed with K'. Not XChaCha20-Poly1305: the
// nonce is separate from the iv.
//
//   key K    32 bytes      iv       16 bytes      tag        16 bytes
//   K'       32 bytes      nonce    12 bytes      overhead   44 bytes (tag ‖ iv ‖ nonce)

using System.Security.Cryptography;
using Kes.Domain.Keys;

namespace Kes.Infrastructure.Crypto.Reference;

/// <summary>The reference ChaCha20 core: scalar HChaCha20, then .NET's ChaCha20Poly1305, or BouncyCastle's where the platform has none.</summary>
/// <remarks>Built for clarity, not speed: a new AEAD object per message, so it allocates.</remarks>
public sealed class ReferenceChaCha20Cipher : KeyCipher
{
    private const int DerivedKeySize = 32;

    private readonly bool _useBouncyCastle;

    /// <summary>A cipher holding a native copy of <paramref name="key"/>, which must be a ChaCha20 key.</summary>
    public ReferenceChaCha20Cipher(SecretKey key)
        : this(key, useBouncyCastle: !ChaCha20Poly1305.IsSupported)
    {
    }

    /// <summary>Lets tests run the BouncyCastle fallback on a platform that does not need it.</summary>
    internal ReferenceChaCha20Cipher(SecretKey key, bool useBouncyCastle)
        : base(KeyAlgorithm.ChaCha20, KeyState.CopyOf(key, KeyAlgorithm.ChaCha20))
    {
        _useBouncyCastle = useBouncyCastle;
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
            ScalarHChaCha20.DeriveKey(state.Span, iv, derivedKey);
            if (_useBouncyCastle)
            {
                BouncyCastleChaCha20Poly1305.Seal(derivedKey, nonce, plaintext, associatedData, ciphertext, tag);
                return;
            }

            using var aead = new ChaCha20Poly1305(derivedKey);
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
            ScalarHChaCha20.DeriveKey(state.Span, iv, derivedKey);
            if (_useBouncyCastle)
            {
                return BouncyCastleChaCha20Poly1305.TryOpen(derivedKey, nonce, ciphertext, tag, associatedData, plaintext);
            }

            using var aead = new ChaCha20Poly1305(derivedKey);
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
