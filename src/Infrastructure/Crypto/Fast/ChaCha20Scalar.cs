// ChaCha20 block function, portable scalar form — RFC 8439 §2.1–2.3.
//
// | state  | 16 words of 32 bits: 4 constants, 8 key, 1 counter, 3 nonce |
// | rounds | 20 (10 double rounds)                                        |
// | block  | 64 bytes                                                     |

using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Kes.Infrastructure.Crypto.Fast;

/// <summary>The ChaCha20 permutation on plain integers, for hardware without vector units and for big-endian hosts.</summary>
internal static class ChaCha20Scalar
{
    /// <summary>"expand 32-byte k" as four little-endian words.</summary>
    internal const uint Sigma0 = 0x61707865;
    internal const uint Sigma1 = 0x3320646e;
    internal const uint Sigma2 = 0x79622d32;
    internal const uint Sigma3 = 0x6b206574;

    /// <summary>Fills words 0..11: the constants and the key.</summary>
    public static void Initialize(ReadOnlySpan<byte> key, Span<uint> state)
    {
        state[0] = Sigma0;
        state[1] = Sigma1;
        state[2] = Sigma2;
        state[3] = Sigma3;
        for (var i = 0; i < 8; i++)
        {
            state[4 + i] = ReadWord(key, i);
        }
    }

    public static uint ReadWord(ReadOnlySpan<byte> bytes, int index) =>
        BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(4 * index, 4));

    /// <summary>One key stream block: the permuted state plus the input state.</summary>
    public static void Block(ReadOnlySpan<uint> state, uint counter, Span<byte> destination)
    {
        Span<uint> x = stackalloc uint[ChaCha20.StateWords];
        state.CopyTo(x);
        x[12] = counter;
        Permute(x);
        for (var i = 0; i < ChaCha20.StateWords; i++)
        {
            var input = i == 12 ? counter : state[i];
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(4 * i, 4), x[i] + input);
        }

        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(x));
    }

    /// <summary>Twenty rounds on <paramref name="x"/> in place, without the feed-forward.</summary>
    public static void Permute(Span<uint> x)
    {
        for (var round = 0; round < 10; round++)
        {
            QuarterRound(ref x[0], ref x[4], ref x[8], ref x[12]);
            QuarterRound(ref x[1], ref x[5], ref x[9], ref x[13]);
            QuarterRound(ref x[2], ref x[6], ref x[10], ref x[14]);
            QuarterRound(ref x[3], ref x[7], ref x[11], ref x[15]);
            QuarterRound(ref x[0], ref x[5], ref x[10], ref x[15]);
            QuarterRound(ref x[1], ref x[6], ref x[11], ref x[12]);
            QuarterRound(ref x[2], ref x[7], ref x[8], ref x[13]);
            QuarterRound(ref x[3], ref x[4], ref x[9], ref x[14]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void QuarterRound(ref uint a, ref uint b, ref uint c, ref uint d)
    {
        a += b;
        d = BitOperations.RotateLeft(d ^ a, 16);
        c += d;
        b = BitOperations.RotateLeft(b ^ c, 12);
        a += b;
        d = BitOperations.RotateLeft(d ^ a, 8);
        c += d;
        b = BitOperations.RotateLeft(b ^ c, 7);
    }
}
