// AES-256 key expansion and encryption with AES-NI: FIPS 197 §5.1–5.2, and the Intel AES-NI white
// paper (Gueron, rev. 3.01) for the KEYGENASSIST form of the expansion.
//
// | item       | size                      |
// |------------|---------------------------|
// | key        | 32 bytes                  |
// | block      | 16 bytes                  |
// | round keys | 15 × 16 bytes (14 rounds) |

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace Kes.Infrastructure.Crypto.Fast;

/// <summary>The AES-256 key schedule and block encryption on AES-NI; the hardware rounds take constant time.</summary>
internal static class Aes256Rounds
{
    public const int KeySize = 32;
    public const int RoundKeyCount = 15;

    /// <summary>Expands a 32-byte <paramref name="key"/> into 15 round keys.</summary>
    public static void Expand(ReadOnlySpan<byte> key, Span<Vector128<byte>> roundKeys)
    {
        var even = Vector128.Create(key[..16]);
        var odd = Vector128.Create(key[16..KeySize]);
        roundKeys[0] = even;
        roundKeys[1] = odd;

        // KEYGENASSIST needs its round constant as an immediate, hence one line per step.
        even = NextEven(even, X86Aes.KeygenAssist(odd, 0x01));
        roundKeys[2] = even;
        odd = NextOdd(odd, X86Aes.KeygenAssist(even, 0x00));
        roundKeys[3] = odd;
        even = NextEven(even, X86Aes.KeygenAssist(odd, 0x02));
        roundKeys[4] = even;
        odd = NextOdd(odd, X86Aes.KeygenAssist(even, 0x00));
        roundKeys[5] = odd;
        even = NextEven(even, X86Aes.KeygenAssist(odd, 0x04));
        roundKeys[6] = even;
        odd = NextOdd(odd, X86Aes.KeygenAssist(even, 0x00));
        roundKeys[7] = odd;
        even = NextEven(even, X86Aes.KeygenAssist(odd, 0x08));
        roundKeys[8] = even;
        odd = NextOdd(odd, X86Aes.KeygenAssist(even, 0x00));
        roundKeys[9] = odd;
        even = NextEven(even, X86Aes.KeygenAssist(odd, 0x10));
        roundKeys[10] = even;
        odd = NextOdd(odd, X86Aes.KeygenAssist(even, 0x00));
        roundKeys[11] = odd;
        even = NextEven(even, X86Aes.KeygenAssist(odd, 0x20));
        roundKeys[12] = even;
        odd = NextOdd(odd, X86Aes.KeygenAssist(even, 0x00));
        roundKeys[13] = odd;
        roundKeys[14] = NextEven(even, X86Aes.KeygenAssist(odd, 0x40));
    }

    /// <summary>Encrypts one block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Encrypt(ReadOnlySpan<Vector128<byte>> roundKeys, Vector128<byte> block)
    {
        block ^= roundKeys[0];
        for (var r = 1; r < RoundKeyCount - 1; r++)
        {
            block = X86Aes.Encrypt(block, roundKeys[r]);
        }

        return X86Aes.EncryptLast(block, roundKeys[RoundKeyCount - 1]);
    }

    /// <summary>Encrypts four independent blocks with their rounds interleaved, so the AES unit's pipeline stays full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Encrypt4(
        ReadOnlySpan<Vector128<byte>> roundKeys,
        ref Vector128<byte> b0,
        ref Vector128<byte> b1,
        ref Vector128<byte> b2,
        ref Vector128<byte> b3)
    {
        var k = roundKeys[0];
        b0 ^= k;
        b1 ^= k;
        b2 ^= k;
        b3 ^= k;
        for (var r = 1; r < RoundKeyCount - 1; r++)
        {
            k = roundKeys[r];
            b0 = X86Aes.Encrypt(b0, k);
            b1 = X86Aes.Encrypt(b1, k);
            b2 = X86Aes.Encrypt(b2, k);
            b3 = X86Aes.Encrypt(b3, k);
        }

        k = roundKeys[RoundKeyCount - 1];
        b0 = X86Aes.EncryptLast(b0, k);
        b1 = X86Aes.EncryptLast(b1, k);
        b2 = X86Aes.EncryptLast(b2, k);
        b3 = X86Aes.EncryptLast(b3, k);
    }

    // w[i] = w[i-8] ⊕ SubWord(RotWord(w[i-1])) ⊕ rcon, then the running xor along the four words.
    private static Vector128<byte> NextEven(Vector128<byte> previous, Vector128<byte> assist) =>
        Spread(previous) ^ Sse2.Shuffle(assist.AsUInt32(), 0xFF).AsByte();

    // w[i] = w[i-8] ⊕ SubWord(w[i-1]), with no rotation and no round constant.
    private static Vector128<byte> NextOdd(Vector128<byte> previous, Vector128<byte> assist) =>
        Spread(previous) ^ Sse2.Shuffle(assist.AsUInt32(), 0xAA).AsByte();

    // The prefix xor of the four words: (w0, w0⊕w1, w0⊕w1⊕w2, w0⊕w1⊕w2⊕w3).
    private static Vector128<byte> Spread(Vector128<byte> key)
    {
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        return key ^ Sse2.ShiftLeftLogical128BitLane(key, 8);
    }
}
