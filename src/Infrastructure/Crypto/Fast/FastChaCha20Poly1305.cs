// ChaCha20-Poly1305 AEAD — RFC 8439 §2.8 (IETF: 96-bit nonce, 32-bit block counter).
//
// | key      | 32 bytes                                   |
// | nonce    | 12 bytes                                   |
// | tag      | 16 bytes                                   |
// | overhead | 16 bytes (the tag, passed separately)      |
// | limit    | 2^32 − 1 blocks of 64 bytes per nonce      |

using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Kes.Infrastructure.Crypto.Fast;

/// <summary>ChaCha20-Poly1305 without a native context per key, for KES's per-message keys; no allocation per call.</summary>
/// <remarks>
/// Only the exact sizes are accepted: any other key, nonce or tag length throws rather than being
/// padded or truncated. The plaintext and the ciphertext may be the same span (in place) but must
/// not overlap otherwise.
/// </remarks>
public static class FastChaCha20Poly1305
{
    /// <summary>The key length in bytes.</summary>
    public const int KeySize = 32;

    /// <summary>The nonce length in bytes.</summary>
    public const int NonceSize = 12;

    /// <summary>The tag length in bytes.</summary>
    public const int TagSize = 16;

    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="ciphertext"/> (same length) and writes the tag over it and <paramref name="associatedData"/>.</summary>
    public static void Seal(
        ReadOnlySpan<byte> key,
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> plaintext,
        ReadOnlySpan<byte> associatedData,
        Span<byte> ciphertext,
        Span<byte> tag)
    {
        CheckArguments(key, nonce, tag.Length, plaintext, ciphertext);
        if (tag.Overlaps(ciphertext))
        {
            ThrowArgument("the tag overlaps the ciphertext");
        }

        SealCore(key, nonce, plaintext, associatedData, ciphertext, tag);
    }

    /// <summary>Verifies the tag in constant time and only then decrypts; on failure returns false and clears <paramref name="plaintext"/>.</summary>
    public static bool Open(
        ReadOnlySpan<byte> key,
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> ciphertext,
        ReadOnlySpan<byte> tag,
        ReadOnlySpan<byte> associatedData,
        Span<byte> plaintext)
    {
        CheckArguments(key, nonce, tag.Length, ciphertext, plaintext);
        if (tag.Overlaps(plaintext))
        {
            ThrowArgument("the tag overlaps the plaintext");
        }

        return OpenCore(key, nonce, ciphertext, tag, associatedData, plaintext);
    }

    /// <summary>The unchecked core of <see cref="Seal"/>.</summary>
    internal static void SealCore(
        ReadOnlySpan<byte> key,
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> plaintext,
        ReadOnlySpan<byte> associatedData,
        Span<byte> ciphertext,
        Span<byte> tag)
    {
        Debug.Assert(key.Length == KeySize && nonce.Length == NonceSize && tag.Length == TagSize);
        Debug.Assert(plaintext.Length == ciphertext.Length);
        Span<uint> state = stackalloc uint[ChaCha20.StateWords];
        ChaCha20.Initialize(key, nonce, state);
        var mac = StartMac(state, associatedData);
        // Block 0 keyed the MAC; the message stream starts at block 1 (RFC 8439 §2.8).
        ChaCha20.XorCore(state, 1, plaintext, ciphertext);
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(state));
        FinishMac(ref mac, associatedData.Length, ciphertext, tag);
    }

    /// <summary>The unchecked core of <see cref="Open"/>.</summary>
    internal static bool OpenCore(
        ReadOnlySpan<byte> key,
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> ciphertext,
        ReadOnlySpan<byte> tag,
        ReadOnlySpan<byte> associatedData,
        Span<byte> plaintext)
    {
        Debug.Assert(key.Length == KeySize && nonce.Length == NonceSize && tag.Length == TagSize);
        Debug.Assert(plaintext.Length == ciphertext.Length);
        Span<uint> state = stackalloc uint[ChaCha20.StateWords];
        Span<byte> expected = stackalloc byte[TagSize];
        ChaCha20.Initialize(key, nonce, state);
        var mac = StartMac(state, associatedData);
        FinishMac(ref mac, associatedData.Length, ciphertext, expected);
        var authentic = CryptographicOperations.FixedTimeEquals(expected, tag);
        CryptographicOperations.ZeroMemory(expected);
        if (authentic)
        {
            ChaCha20.XorCore(state, 1, ciphertext, plaintext);
        }
        else
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(state));
        return authentic;
    }

    /// <summary>Keys Poly1305 with the first half of block 0 and absorbs the padded associated data.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Poly1305 StartMac(ReadOnlySpan<uint> state, ReadOnlySpan<byte> associatedData)
    {
        Span<byte> block0 = stackalloc byte[ChaCha20.BlockSize];
        ChaCha20.BlockCore(state, 0, block0);
        var mac = new Poly1305(block0[..Poly1305.KeySize]);
        CryptographicOperations.ZeroMemory(block0);
        mac.UpdatePadded(associatedData);
        return mac;
    }

    /// <summary>Absorbs the padded ciphertext and the two little-endian lengths, then writes the tag.</summary>
    private static void FinishMac(ref Poly1305 mac, int associatedDataLength, ReadOnlySpan<byte> ciphertext, Span<byte> tag)
    {
        mac.UpdatePadded(ciphertext);
        Span<byte> lengths = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(lengths, (ulong)associatedDataLength);
        BinaryPrimitives.WriteUInt64LittleEndian(lengths[8..], (ulong)ciphertext.Length);
        mac.UpdatePadded(lengths);
        mac.Finish(tag);
    }

    private static void CheckArguments(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, int tagLength, ReadOnlySpan<byte> input, ReadOnlySpan<byte> output) =>
        AeadArguments.Check("ChaCha20-Poly1305", key, nonce, tagLength, input, output);

    private static void ThrowArgument(string message) => AeadArguments.ThrowArgument(message);
}
