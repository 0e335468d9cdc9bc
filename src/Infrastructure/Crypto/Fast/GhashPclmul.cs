// GHASH, NIST SP 800-38D §6.4, with PCLMULQDQ: Gueron & Kounavis, "Intel Carry-Less Multiplication
// Instruction and its Usage for Computing the GCM Mode" (byte-reflected operands with a one-bit
// shift, and the aggregated reduction of four products).
//
// | item                | size                |
// |---------------------|---------------------|
// | hash key H          | 16 bytes            |
// | block               | 16 bytes            |
// | aggregation         | 4 blocks: H¹ … H⁴   |

using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;

namespace Kes.Infrastructure.Crypto.Fast;

/// <summary>GF(2¹²⁸) multiplication and GHASH absorption on PCLMULQDQ; every step is data-independent in time.</summary>
/// <remarks>
/// Values live byte-reversed: GCM numbers its bits from the left, and with the bytes reversed a
/// carry-less multiply yields the product one bit position off, which the reduction corrects with a
/// one-bit left shift. The power table holds H, H², H³, H⁴ at indices 0..3.
/// </remarks>
internal static class GhashPclmul
{
    public const int BlockSize = 16;
    public const int PowerCount = 4;

    private const int AggregateSize = PowerCount * BlockSize;

    private static Vector128<byte> ReverseBytes => Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);

    /// <summary>Converts between the byte order of GCM blocks and the byte-reversed one GHASH computes in.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Reverse(Vector128<byte> block) => Ssse3.Shuffle(block, ReverseBytes).AsUInt64();

    /// <summary>Fills <paramref name="powers"/> with H, and H² … H⁴ when <paramref name="aggregate"/> is set (only inputs of 64 bytes or more use them).</summary>
    public static void Initialize(Vector128<ulong> h, bool aggregate, Span<Vector128<ulong>> powers)
    {
        powers[0] = h;
        if (aggregate)
        {
            powers[1] = Multiply(h, h);
            powers[2] = Multiply(powers[1], h);
            powers[3] = Multiply(powers[2], h);
        }
    }

    /// <summary>Absorbs <paramref name="data"/> into the accumulator <paramref name="x"/>, a final partial block padded with zeros.</summary>
    public static void Absorb(ref Vector128<ulong> x, ReadOnlySpan<Vector128<ulong>> powers, ReadOnlySpan<byte> data)
    {
        Debug.Assert(data.Length < AggregateSize || powers[PowerCount - 1] != Vector128<ulong>.Zero, "H² … H⁴ were not computed");

        var offset = 0;
        if (data.Length >= AggregateSize)
        {
            var h1 = powers[0];
            var h2 = powers[1];
            var h3 = powers[2];
            var h4 = powers[3];
            for (; data.Length - offset >= AggregateSize; offset += AggregateSize)
            {
                var lo = Vector128<ulong>.Zero;
                var mid = Vector128<ulong>.Zero;
                var hi = Vector128<ulong>.Zero;
                Accumulate(x ^ Load(data, offset), h4, ref lo, ref mid, ref hi);
                Accumulate(Load(data, offset + BlockSize), h3, ref lo, ref mid, ref hi);
                Accumulate(Load(data, offset + (2 * BlockSize)), h2, ref lo, ref mid, ref hi);
                Accumulate(Load(data, offset + (3 * BlockSize)), h1, ref lo, ref mid, ref hi);
                x = Reduce(lo, mid, hi);
            }
        }

        var h = powers[0];
        for (; data.Length - offset >= BlockSize; offset += BlockSize)
        {
            x = Multiply(x ^ Load(data, offset), h);
        }

        if (offset < data.Length)
        {
            Span<byte> last = stackalloc byte[BlockSize];
            data[offset..].CopyTo(last);
            x = Multiply(x ^ Reverse(Vector128.Create<byte>(last)), h);
            CryptographicOperations.ZeroMemory(last);
        }
    }

    /// <summary>The product <paramref name="a"/>·<paramref name="b"/> in GF(2¹²⁸), both byte-reversed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<ulong> Multiply(Vector128<ulong> a, Vector128<ulong> b)
    {
        var lo = Vector128<ulong>.Zero;
        var mid = Vector128<ulong>.Zero;
        var hi = Vector128<ulong>.Zero;
        Accumulate(a, b, ref lo, ref mid, ref hi);
        return Reduce(lo, mid, hi);
    }

    // Adds the unreduced 256-bit product a·b, kept as three 128-bit partial products, to lo, mid and hi.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(Vector128<ulong> a, Vector128<ulong> b, ref Vector128<ulong> lo, ref Vector128<ulong> mid, ref Vector128<ulong> hi)
    {
        lo ^= Pclmulqdq.CarrylessMultiply(a, b, 0x00);
        mid ^= Pclmulqdq.CarrylessMultiply(a, b, 0x01) ^ Pclmulqdq.CarrylessMultiply(a, b, 0x10);
        hi ^= Pclmulqdq.CarrylessMultiply(a, b, 0x11);
    }

    // Folds the 256-bit product back into 128 bits modulo x¹²⁸ + x⁷ + x² + x + 1, in the reflected domain.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Reduce(Vector128<ulong> lo, Vector128<ulong> mid, Vector128<ulong> hi)
    {
        var low = (lo ^ Sse2.ShiftLeftLogical128BitLane(mid, 8)).AsUInt32();
        var high = (hi ^ Sse2.ShiftRightLogical128BitLane(mid, 8)).AsUInt32();

        // Shift the 256-bit value high:low left by one bit to undo the reflection offset.
        var lowCarry = Sse2.ShiftRightLogical(low, 31);
        var highCarry = Sse2.ShiftRightLogical(high, 31);
        low = Sse2.ShiftLeftLogical(low, 1) | Sse2.ShiftLeftLogical128BitLane(lowCarry, 4);
        high = Sse2.ShiftLeftLogical(high, 1) | Sse2.ShiftLeftLogical128BitLane(highCarry, 4) | Sse2.ShiftRightLogical128BitLane(lowCarry, 12);

        // First phase: multiply the low half by x⁶³ + x⁶² + x⁵⁷ and fold.
        var fold = Sse2.ShiftLeftLogical(low, 31) ^ Sse2.ShiftLeftLogical(low, 30) ^ Sse2.ShiftLeftLogical(low, 25);
        var spill = Sse2.ShiftRightLogical128BitLane(fold, 4);
        low ^= Sse2.ShiftLeftLogical128BitLane(fold, 12);

        // Second phase: the shifts by 1, 2 and 7 that complete the reduction.
        var tail = Sse2.ShiftRightLogical(low, 1) ^ Sse2.ShiftRightLogical(low, 2) ^ Sse2.ShiftRightLogical(low, 7) ^ spill;
        return (high ^ low ^ tail).AsUInt64();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Load(ReadOnlySpan<byte> data, int offset) => Reverse(Vector128.Create(data.Slice(offset, BlockSize)));
}
