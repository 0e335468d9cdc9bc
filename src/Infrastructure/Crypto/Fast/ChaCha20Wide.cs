// ChaCha20 on several blocks at once, one state word per vector — RFC 8439 §2.1–2.4.
//
// | Vector128 | 4 blocks, 256 bytes per call, counters c..c+3 |
// | Vector256 | 8 blocks, 512 bytes per call, counters c..c+7 |
// | rounds    | 20; no lane shuffles inside the rounds        |
//
// Vector i holds word i of every block, so the rounds are plain lane-wise arithmetic. The price is
// a 4×4 transpose of each group of four words at the end, to put every block back in byte order.

using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Kes.Infrastructure.Crypto.Fast;

/// <summary>Four or eight ChaCha20 blocks in parallel, for long inputs.</summary>
internal static class ChaCha20Wide
{
    private const int Bytes4 = 4 * ChaCha20.BlockSize;
    private const int Bytes8 = 8 * ChaCha20.BlockSize;

    /// <summary>Whether the four-block path runs in hardware on a little-endian host.</summary>
    public static bool IsSupported128 => Vector128.IsHardwareAccelerated && BitConverter.IsLittleEndian;

    /// <summary>Whether the eight-block path runs in hardware on a little-endian host.</summary>
    public static bool IsSupported256 => Vector256.IsHardwareAccelerated && BitConverter.IsLittleEndian;

    /// <summary>XORs the first 256 bytes of <paramref name="source"/> with blocks <paramref name="counter"/> to <paramref name="counter"/> + 3.</summary>
    public static void Xor4(ReadOnlySpan<uint> state, uint counter, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        Debug.Assert(state.Length == ChaCha20.StateWords && source.Length >= Bytes4 && destination.Length >= Bytes4);
        ref var s = ref MemoryMarshal.GetReference(state);
        var x0 = Vector128.Create(s);
        var x1 = Vector128.Create(Unsafe.Add(ref s, 1));
        var x2 = Vector128.Create(Unsafe.Add(ref s, 2));
        var x3 = Vector128.Create(Unsafe.Add(ref s, 3));
        var x4 = Vector128.Create(Unsafe.Add(ref s, 4));
        var x5 = Vector128.Create(Unsafe.Add(ref s, 5));
        var x6 = Vector128.Create(Unsafe.Add(ref s, 6));
        var x7 = Vector128.Create(Unsafe.Add(ref s, 7));
        var x8 = Vector128.Create(Unsafe.Add(ref s, 8));
        var x9 = Vector128.Create(Unsafe.Add(ref s, 9));
        var x10 = Vector128.Create(Unsafe.Add(ref s, 10));
        var x11 = Vector128.Create(Unsafe.Add(ref s, 11));
        var counters = Vector128.Create(counter) + Vector128.Create(0u, 1u, 2u, 3u);
        var x12 = counters;
        var x13 = Vector128.Create(Unsafe.Add(ref s, 13));
        var x14 = Vector128.Create(Unsafe.Add(ref s, 14));
        var x15 = Vector128.Create(Unsafe.Add(ref s, 15));

        for (var round = 0; round < 10; round++)
        {
            ChaCha20Rows.QuarterRound(ref x0, ref x4, ref x8, ref x12);
            ChaCha20Rows.QuarterRound(ref x1, ref x5, ref x9, ref x13);
            ChaCha20Rows.QuarterRound(ref x2, ref x6, ref x10, ref x14);
            ChaCha20Rows.QuarterRound(ref x3, ref x7, ref x11, ref x15);
            ChaCha20Rows.QuarterRound(ref x0, ref x5, ref x10, ref x15);
            ChaCha20Rows.QuarterRound(ref x1, ref x6, ref x11, ref x12);
            ChaCha20Rows.QuarterRound(ref x2, ref x7, ref x8, ref x13);
            ChaCha20Rows.QuarterRound(ref x3, ref x4, ref x9, ref x14);
        }

        x0 += Vector128.Create(s);
        x1 += Vector128.Create(Unsafe.Add(ref s, 1));
        x2 += Vector128.Create(Unsafe.Add(ref s, 2));
        x3 += Vector128.Create(Unsafe.Add(ref s, 3));
        x4 += Vector128.Create(Unsafe.Add(ref s, 4));
        x5 += Vector128.Create(Unsafe.Add(ref s, 5));
        x6 += Vector128.Create(Unsafe.Add(ref s, 6));
        x7 += Vector128.Create(Unsafe.Add(ref s, 7));
        x8 += Vector128.Create(Unsafe.Add(ref s, 8));
        x9 += Vector128.Create(Unsafe.Add(ref s, 9));
        x10 += Vector128.Create(Unsafe.Add(ref s, 10));
        x11 += Vector128.Create(Unsafe.Add(ref s, 11));
        x12 += counters;
        x13 += Vector128.Create(Unsafe.Add(ref s, 13));
        x14 += Vector128.Create(Unsafe.Add(ref s, 14));
        x15 += Vector128.Create(Unsafe.Add(ref s, 15));

        Transpose(ref x0, ref x1, ref x2, ref x3);
        Transpose(ref x4, ref x5, ref x6, ref x7);
        Transpose(ref x8, ref x9, ref x10, ref x11);
        Transpose(ref x12, ref x13, ref x14, ref x15);

        ref var input = ref MemoryMarshal.GetReference(source);
        ref var output = ref MemoryMarshal.GetReference(destination);
        XorBlock(x0, x4, x8, x12, ref input, ref output, 0);
        XorBlock(x1, x5, x9, x13, ref input, ref output, 64);
        XorBlock(x2, x6, x10, x14, ref input, ref output, 128);
        XorBlock(x3, x7, x11, x15, ref input, ref output, 192);
    }

    /// <summary>XORs the first 512 bytes of <paramref name="source"/> with blocks <paramref name="counter"/> to <paramref name="counter"/> + 7.</summary>
    public static void Xor8(ReadOnlySpan<uint> state, uint counter, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        Debug.Assert(state.Length == ChaCha20.StateWords && source.Length >= Bytes8 && destination.Length >= Bytes8);
        ref var s = ref MemoryMarshal.GetReference(state);
        var x0 = Vector256.Create(s);
        var x1 = Vector256.Create(Unsafe.Add(ref s, 1));
        var x2 = Vector256.Create(Unsafe.Add(ref s, 2));
        var x3 = Vector256.Create(Unsafe.Add(ref s, 3));
        var x4 = Vector256.Create(Unsafe.Add(ref s, 4));
        var x5 = Vector256.Create(Unsafe.Add(ref s, 5));
        var x6 = Vector256.Create(Unsafe.Add(ref s, 6));
        var x7 = Vector256.Create(Unsafe.Add(ref s, 7));
        var x8 = Vector256.Create(Unsafe.Add(ref s, 8));
        var x9 = Vector256.Create(Unsafe.Add(ref s, 9));
        var x10 = Vector256.Create(Unsafe.Add(ref s, 10));
        var x11 = Vector256.Create(Unsafe.Add(ref s, 11));
        var counters = Vector256.Create(counter) + Vector256.Create(0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u);
        var x12 = counters;
        var x13 = Vector256.Create(Unsafe.Add(ref s, 13));
        var x14 = Vector256.Create(Unsafe.Add(ref s, 14));
        var x15 = Vector256.Create(Unsafe.Add(ref s, 15));

        for (var round = 0; round < 10; round++)
        {
            QuarterRound(ref x0, ref x4, ref x8, ref x12);
            QuarterRound(ref x1, ref x5, ref x9, ref x13);
            QuarterRound(ref x2, ref x6, ref x10, ref x14);
            QuarterRound(ref x3, ref x7, ref x11, ref x15);
            QuarterRound(ref x0, ref x5, ref x10, ref x15);
            QuarterRound(ref x1, ref x6, ref x11, ref x12);
            QuarterRound(ref x2, ref x7, ref x8, ref x13);
            QuarterRound(ref x3, ref x4, ref x9, ref x14);
        }

        x0 += Vector256.Create(s);
        x1 += Vector256.Create(Unsafe.Add(ref s, 1));
        x2 += Vector256.Create(Unsafe.Add(ref s, 2));
        x3 += Vector256.Create(Unsafe.Add(ref s, 3));
        x4 += Vector256.Create(Unsafe.Add(ref s, 4));
        x5 += Vector256.Create(Unsafe.Add(ref s, 5));
        x6 += Vector256.Create(Unsafe.Add(ref s, 6));
        x7 += Vector256.Create(Unsafe.Add(ref s, 7));
        x8 += Vector256.Create(Unsafe.Add(ref s, 8));
        x9 += Vector256.Create(Unsafe.Add(ref s, 9));
        x10 += Vector256.Create(Unsafe.Add(ref s, 10));
        x11 += Vector256.Create(Unsafe.Add(ref s, 11));
        x12 += counters;
        x13 += Vector256.Create(Unsafe.Add(ref s, 13));
        x14 += Vector256.Create(Unsafe.Add(ref s, 14));
        x15 += Vector256.Create(Unsafe.Add(ref s, 15));

        // The transpose works inside each 128-bit half: the low halves then hold blocks 0..3, the high halves blocks 4..7.
        Transpose(ref x0, ref x1, ref x2, ref x3);
        Transpose(ref x4, ref x5, ref x6, ref x7);
        Transpose(ref x8, ref x9, ref x10, ref x11);
        Transpose(ref x12, ref x13, ref x14, ref x15);

        ref var input = ref MemoryMarshal.GetReference(source);
        ref var output = ref MemoryMarshal.GetReference(destination);
        XorBlock(x0.GetLower(), x4.GetLower(), x8.GetLower(), x12.GetLower(), ref input, ref output, 0);
        XorBlock(x1.GetLower(), x5.GetLower(), x9.GetLower(), x13.GetLower(), ref input, ref output, 64);
        XorBlock(x2.GetLower(), x6.GetLower(), x10.GetLower(), x14.GetLower(), ref input, ref output, 128);
        XorBlock(x3.GetLower(), x7.GetLower(), x11.GetLower(), x15.GetLower(), ref input, ref output, 192);
        XorBlock(x0.GetUpper(), x4.GetUpper(), x8.GetUpper(), x12.GetUpper(), ref input, ref output, 256);
        XorBlock(x1.GetUpper(), x5.GetUpper(), x9.GetUpper(), x13.GetUpper(), ref input, ref output, 320);
        XorBlock(x2.GetUpper(), x6.GetUpper(), x10.GetUpper(), x14.GetUpper(), ref input, ref output, 384);
        XorBlock(x3.GetUpper(), x7.GetUpper(), x11.GetUpper(), x15.GetUpper(), ref input, ref output, 448);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void XorBlock(
        Vector128<uint> w0,
        Vector128<uint> w4,
        Vector128<uint> w8,
        Vector128<uint> w12,
        ref byte input,
        ref byte output,
        nuint offset)
    {
        (Vector128.LoadUnsafe(ref input, offset) ^ w0.AsByte()).StoreUnsafe(ref output, offset);
        (Vector128.LoadUnsafe(ref input, offset + 16) ^ w4.AsByte()).StoreUnsafe(ref output, offset + 16);
        (Vector128.LoadUnsafe(ref input, offset + 32) ^ w8.AsByte()).StoreUnsafe(ref output, offset + 32);
        (Vector128.LoadUnsafe(ref input, offset + 48) ^ w12.AsByte()).StoreUnsafe(ref output, offset + 48);
    }

    /// <summary>Transposes the 4×4 matrix whose rows are <paramref name="a"/>..<paramref name="d"/>.</summary>
    /// <remarks>Built from one-vector shuffles and blends, which every platform has, instead of x86 unpacks.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(ref Vector128<uint> a, ref Vector128<uint> b, ref Vector128<uint> c, ref Vector128<uint> d)
    {
        var swapWords = Vector128.Create(1u, 0u, 3u, 2u);
        var oddWords = Vector128.Create(0u, uint.MaxValue, 0u, uint.MaxValue);
        var ab02 = Vector128.ConditionalSelect(oddWords, Vector128.Shuffle(b, swapWords), a);
        var ab13 = Vector128.ConditionalSelect(oddWords, b, Vector128.Shuffle(a, swapWords));
        var cd02 = Vector128.ConditionalSelect(oddWords, Vector128.Shuffle(d, swapWords), c);
        var cd13 = Vector128.ConditionalSelect(oddWords, d, Vector128.Shuffle(c, swapWords));

        var swapHalves = Vector128.Create(1ul, 0ul);
        var highHalf = Vector128.Create(0ul, ulong.MaxValue).AsUInt32();
        a = Vector128.ConditionalSelect(highHalf, Vector128.Shuffle(cd02.AsUInt64(), swapHalves).AsUInt32(), ab02);
        b = Vector128.ConditionalSelect(highHalf, Vector128.Shuffle(cd13.AsUInt64(), swapHalves).AsUInt32(), ab13);
        c = Vector128.ConditionalSelect(highHalf, cd02, Vector128.Shuffle(ab02.AsUInt64(), swapHalves).AsUInt32());
        d = Vector128.ConditionalSelect(highHalf, cd13, Vector128.Shuffle(ab13.AsUInt64(), swapHalves).AsUInt32());
    }

    /// <summary>Transposes the 4×4 matrix in each 128-bit half separately.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(ref Vector256<uint> a, ref Vector256<uint> b, ref Vector256<uint> c, ref Vector256<uint> d)
    {
        var swapWords = Vector256.Create(1u, 0u, 3u, 2u, 5u, 4u, 7u, 6u);
        var oddWords = Vector256.Create(0u, uint.MaxValue, 0u, uint.MaxValue, 0u, uint.MaxValue, 0u, uint.MaxValue);
        var ab02 = Vector256.ConditionalSelect(oddWords, Vector256.Shuffle(b, swapWords), a);
        var ab13 = Vector256.ConditionalSelect(oddWords, b, Vector256.Shuffle(a, swapWords));
        var cd02 = Vector256.ConditionalSelect(oddWords, Vector256.Shuffle(d, swapWords), c);
        var cd13 = Vector256.ConditionalSelect(oddWords, d, Vector256.Shuffle(c, swapWords));

        var swapHalves = Vector256.Create(1ul, 0ul, 3ul, 2ul);
        var highHalf = Vector256.Create(0ul, ulong.MaxValue, 0ul, ulong.MaxValue).AsUInt32();
        a = Vector256.ConditionalSelect(highHalf, Vector256.Shuffle(cd02.AsUInt64(), swapHalves).AsUInt32(), ab02);
        b = Vector256.ConditionalSelect(highHalf, Vector256.Shuffle(cd13.AsUInt64(), swapHalves).AsUInt32(), ab13);
        c = Vector256.ConditionalSelect(highHalf, cd02, Vector256.Shuffle(ab02.AsUInt64(), swapHalves).AsUInt32());
        d = Vector256.ConditionalSelect(highHalf, cd13, Vector256.Shuffle(ab13.AsUInt64(), swapHalves).AsUInt32());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void QuarterRound(ref Vector256<uint> a, ref Vector256<uint> b, ref Vector256<uint> c, ref Vector256<uint> d)
    {
        a += b;
        d = RotateLeft(d ^ a, 16);
        c += d;
        b = RotateLeft(b ^ c, 12);
        a += b;
        d = RotateLeft(d ^ a, 8);
        c += d;
        b = RotateLeft(b ^ c, 7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> RotateLeft(Vector256<uint> value, [ConstantExpected(Min = 1, Max = 31)] int count) =>
        (value << count) | (value >>> (32 - count));
}
