// AES-256-GCM, NIST SP 800-38D, on AES-NI and PCLMULQDQ; restricted to the one parameter set KES uses.
//
// | item     | size                                   |
// |----------|----------------------------------------|
// | key      | 32 bytes                               |
// | nonce    | 12 bytes (J0 = nonce ‖ 0x00000001)     |
// | tag      | 16 bytes                               |
// | overhead | 16 bytes (the tag; the nonce is extra) |

using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;

using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace Kes.Infrastructure.Crypto.Fast;

/// <summary>AES-256-GCM that keys itself per call without allocating: for keys used once, where binding a platform <c>AesGcm</c> per key costs microseconds.</summary>
/// <remarks>
/// The round keys and the hash-key powers live on the stack and are zeroed before returning. Only
/// 32-byte keys, 12-byte nonces and 16-byte tags are accepted; anything else throws rather than being
/// processed under a different parameter set. Input and output may be the same span.
/// </remarks>
public static class FastAesGcm
{
    /// <summary>Bytes of a key.</summary>
    public const int KeySize = Aes256Rounds.KeySize;

    /// <summary>Bytes of a nonce.</summary>
    public const int NonceSize = 12;

    /// <summary>Bytes of a tag.</summary>
    public const int TagSize = 16;

    private const int BlockSize = 16;
    private const int StrideSize = 4 * BlockSize;

    /// <summary>Whether the CPU has the instructions this implementation needs (AES-NI, PCLMULQDQ, SSE4.1).</summary>
    public static bool IsSupported => X86Aes.IsSupported && Pclmulqdq.IsSupported && Sse41.IsSupported;

    /// <summary>Encrypts <paramref name="plaintext"/> into <paramref name="ciphertext"/> (same length) and writes the tag over it and <paramref name="associatedData"/>.</summary>
    /// <exception cref="ArgumentException">A size other than key 32, nonce 12, tag 16; lengths that differ; or buffers that overlap at different offsets.</exception>
    /// <exception cref="PlatformNotSupportedException">The CPU lacks AES-NI, PCLMULQDQ or SSE4.1.</exception>
    public static void Seal(
        ReadOnlySpan<byte> key,
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> plaintext,
        ReadOnlySpan<byte> associatedData,
        Span<byte> ciphertext,
        Span<byte> tag)
    {
        CheckParameters(key, nonce, tag, plaintext, ciphertext);
        if (tag.Overlaps(ciphertext))
        {
            ThrowArgument("the tag overlaps the ciphertext");
        }

        SealCore(key, nonce, plaintext, associatedData, ciphertext, tag);
    }

    /// <summary>Verifies the tag and, only if it is authentic, decrypts <paramref name="ciphertext"/> into <paramref name="plaintext"/> (same length).</summary>
    /// <returns>False, with <paramref name="plaintext"/> cleared, if the tag does not verify.</returns>
    /// <exception cref="ArgumentException">A size other than key 32, nonce 12, tag 16; lengths that differ; or buffers that overlap at different offsets.</exception>
    /// <exception cref="PlatformNotSupportedException">The CPU lacks AES-NI, PCLMULQDQ or SSE4.1.</exception>
    public static bool Open(
        ReadOnlySpan<byte> key,
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> ciphertext,
        ReadOnlySpan<byte> tag,
        ReadOnlySpan<byte> associatedData,
        Span<byte> plaintext)
    {
        CheckParameters(key, nonce, tag, ciphertext, plaintext);
        return OpenCore(key, nonce, ciphertext, tag, associatedData, plaintext);
    }

    /// <summary>Seals with arguments the caller has already validated.</summary>
    internal static void SealCore(
        ReadOnlySpan<byte> key,
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> plaintext,
        ReadOnlySpan<byte> associatedData,
        Span<byte> ciphertext,
        Span<byte> tag)
    {
        AssertParameters(key, nonce, tag, plaintext, ciphertext);

        Span<Vector128<byte>> roundKeys = stackalloc Vector128<byte>[Aes256Rounds.RoundKeyCount];
        Span<Vector128<ulong>> powers = stackalloc Vector128<ulong>[GhashPclmul.PowerCount];
        var j0 = Setup(key, nonce, plaintext.Length, associatedData.Length, roundKeys, powers);

        // The associated data is hashed before any output is written, so it may share memory with the ciphertext.
        var x = Vector128<ulong>.Zero;
        GhashPclmul.Absorb(ref x, powers, associatedData);
        Ctr(roundKeys, j0, plaintext, ciphertext);
        GhashPclmul.Absorb(ref x, powers, ciphertext);
        Finish(roundKeys, powers, j0, x, plaintext.Length, associatedData.Length).CopyTo(tag);

        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(roundKeys));
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(powers));
    }

    /// <summary>Opens with arguments the caller has already validated.</summary>
    internal static bool OpenCore(
        ReadOnlySpan<byte> key,
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> ciphertext,
        ReadOnlySpan<byte> tag,
        ReadOnlySpan<byte> associatedData,
        Span<byte> plaintext)
    {
        AssertParameters(key, nonce, tag, ciphertext, plaintext);

        Span<Vector128<byte>> roundKeys = stackalloc Vector128<byte>[Aes256Rounds.RoundKeyCount];
        Span<Vector128<ulong>> powers = stackalloc Vector128<ulong>[GhashPclmul.PowerCount];
        Span<byte> expected = stackalloc byte[TagSize];
        var j0 = Setup(key, nonce, ciphertext.Length, associatedData.Length, roundKeys, powers);

        var x = Vector128<ulong>.Zero;
        GhashPclmul.Absorb(ref x, powers, associatedData);
        GhashPclmul.Absorb(ref x, powers, ciphertext);
        Finish(roundKeys, powers, j0, x, ciphertext.Length, associatedData.Length).CopyTo(expected);
        var authentic = CryptographicOperations.FixedTimeEquals(expected, tag);

        if (authentic)
        {
            Ctr(roundKeys, j0, ciphertext, plaintext);
        }
        else
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        CryptographicOperations.ZeroMemory(expected);
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(roundKeys));
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(powers));
        return authentic;
    }

    // Expands the key, derives H (and its powers when an input is long enough to use them), and returns J0.
    private static Vector128<uint> Setup(
        ReadOnlySpan<byte> key,
        ReadOnlySpan<byte> nonce,
        int textLength,
        int associatedDataLength,
        Span<Vector128<byte>> roundKeys,
        Span<Vector128<ulong>> powers)
    {
        Aes256Rounds.Expand(key, roundKeys);
        var h = GhashPclmul.Reverse(Aes256Rounds.Encrypt(roundKeys, Vector128<byte>.Zero));
        GhashPclmul.Initialize(h, textLength >= StrideSize || associatedDataLength >= StrideSize, powers);
        return Vector128.Create(
            BinaryPrimitives.ReadUInt32LittleEndian(nonce),
            BinaryPrimitives.ReadUInt32LittleEndian(nonce[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(nonce[8..]),
            BinaryPrimitives.ReverseEndianness(1u));
    }

    // Hashes the length block and masks the hash with E(K, J0).
    private static Vector128<byte> Finish(
        ReadOnlySpan<Vector128<byte>> roundKeys,
        ReadOnlySpan<Vector128<ulong>> powers,
        Vector128<uint> j0,
        Vector128<ulong> x,
        int textLength,
        int associatedDataLength)
    {
        // In the byte-reversed domain the block len(A)₆₄ ‖ len(C)₆₄ has len(C) in the low lane.
        var lengths = Vector128.Create((ulong)textLength * 8, (ulong)associatedDataLength * 8);
        x = GhashPclmul.Multiply(x ^ lengths, powers[0]);
        return GhashPclmul.Reverse(x.AsByte()).AsByte() ^ Aes256Rounds.Encrypt(roundKeys, j0.AsByte());
    }

    // CTR from inc32(J0); each block is read before its output is written, so input and output may coincide.
    private static void Ctr(ReadOnlySpan<Vector128<byte>> roundKeys, Vector128<uint> j0, ReadOnlySpan<byte> input, Span<byte> output)
    {
        var counter = 2u;
        var offset = 0;
        for (; input.Length - offset >= StrideSize; offset += StrideSize, counter += 4)
        {
            var k0 = Counter(j0, counter);
            var k1 = Counter(j0, counter + 1);
            var k2 = Counter(j0, counter + 2);
            var k3 = Counter(j0, counter + 3);
            Aes256Rounds.Encrypt4(roundKeys, ref k0, ref k1, ref k2, ref k3);
            XorBlock(input, output, offset, k0);
            XorBlock(input, output, offset + BlockSize, k1);
            XorBlock(input, output, offset + (2 * BlockSize), k2);
            XorBlock(input, output, offset + (3 * BlockSize), k3);
        }

        for (; input.Length - offset >= BlockSize; offset += BlockSize, counter++)
        {
            XorBlock(input, output, offset, Aes256Rounds.Encrypt(roundKeys, Counter(j0, counter)));
        }

        if (offset < input.Length)
        {
            Span<byte> last = stackalloc byte[BlockSize];
            input[offset..].CopyTo(last);
            (Vector128.Create<byte>(last) ^ Aes256Rounds.Encrypt(roundKeys, Counter(j0, counter))).CopyTo(last);
            last[..(input.Length - offset)].CopyTo(output[offset..]);
            CryptographicOperations.ZeroMemory(last);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Counter(Vector128<uint> j0, uint counter) =>
        Sse41.Insert(j0, BinaryPrimitives.ReverseEndianness(counter), 3).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void XorBlock(ReadOnlySpan<byte> input, Span<byte> output, int offset, Vector128<byte> keyStream) =>
        (Vector128.Create(input.Slice(offset, BlockSize)) ^ keyStream).CopyTo(output.Slice(offset, BlockSize));

    private static void CheckParameters(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> input, ReadOnlySpan<byte> output)
    {
        AeadArguments.Check("AES-256-GCM", key, nonce, tag.Length, input, output);
        if (!IsSupported)
        {
            ThrowNotSupported();
        }
    }

    [Conditional("DEBUG")]
    private static void AssertParameters(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> input, ReadOnlySpan<byte> output)
    {
        Debug.Assert(IsSupported, "the CPU lacks AES-NI, PCLMULQDQ or SSE4.1");
        Debug.Assert(key.Length == KeySize && nonce.Length == NonceSize && tag.Length == TagSize, "unchecked sizes");
        Debug.Assert(input.Length == output.Length, "unchecked lengths");
        Debug.Assert(!input.Overlaps(output, out var offset) || offset == 0, "unchecked overlap");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowArgument(string message) => AeadArguments.ThrowArgument(message);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotSupported() => throw new PlatformNotSupportedException("AES-256-GCM here needs AES-NI, PCLMULQDQ and SSE4.1");
}
