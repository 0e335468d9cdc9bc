// ChaCha20 block function, one block in four Vector128 rows — RFC 8439 §2.1–2.3.
//
// | rows   | a = constants, b = key 0..15, c = key 16..31, d = counter ‖ nonce |
// | rounds | 20; the diagonal half-round rotates rows b, c, d into columns   |
// | block  | 64 bytes                                                         |

using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Kes.Infrastructure.Crypto.Fast;

/// <summary>One ChaCha20 block with each state row in a Vector128: the short-message path and the HChaCha20 core.</summary>
internal static class ChaCha20Rows
{
    /// <summary>Whether vectors are in hardware; the row loads and stores assume little-endian words.</summary>
    public static bool IsSupported => Vector128.IsHardwareAccelerated && BitConverter.IsLittleEndian;

    /// <summary>Writes the key stream block at <paramref name="counter"/> to the first 64 bytes of <paramref name="destination"/>.</summary>
    public static void Block(ReadOnlySpan<uint> state, uint counter, Span<byte> destination)
    {
        Debug.Assert(state.Length == ChaCha20.StateWords && destination.Length >= ChaCha20.BlockSize);
        Generate(state, counter, out var a, out var b, out var c, out var d);
        ref var output = ref MemoryMarshal.GetReference(destination);
        a.AsByte().StoreUnsafe(ref output);
        b.AsByte().StoreUnsafe(ref output, 16);
        c.AsByte().StoreUnsafe(ref output, 32);
        d.AsByte().StoreUnsafe(ref output, 48);
    }

    /// <summary>XORs the first 64 bytes of <paramref name="source"/> with the block at <paramref name="counter"/>.</summary>
    public static void Xor(ReadOnlySpan<uint> state, uint counter, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        Debug.Assert(source.Length >= ChaCha20.BlockSize && destination.Length >= ChaCha20.BlockSize);
        Generate(state, counter, out var a, out var b, out var c, out var d);
        ref var input = ref MemoryMarshal.GetReference(source);
        ref var output = ref MemoryMarshal.GetReference(destination);
        (Vector128.LoadUnsafe(ref input) ^ a.AsByte()).StoreUnsafe(ref output);
        (Vector128.LoadUnsafe(ref input, 16) ^ b.AsByte()).StoreUnsafe(ref output, 16);
        (Vector128.LoadUnsafe(ref input, 32) ^ c.AsByte()).StoreUnsafe(ref output, 32);
        (Vector128.LoadUnsafe(ref input, 48) ^ d.AsByte()).StoreUnsafe(ref output, 48);
    }

    /// <summary>Twenty rounds on the four rows, without the feed-forward.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Permute(ref Vector128<uint> a, ref Vector128<uint> b, ref Vector128<uint> c, ref Vector128<uint> d)
    {
        for (var round = 0; round < 10; round++)
        {
            QuarterRound(ref a, ref b, ref c, ref d);
            // Lane i of b, c, d now moves to the diagonal that starts at word i of a.
            b = Vector128.Shuffle(b, Vector128.Create(1u, 2u, 3u, 0u));
            c = Vector128.Shuffle(c, Vector128.Create(2u, 3u, 0u, 1u));
            d = Vector128.Shuffle(d, Vector128.Create(3u, 0u, 1u, 2u));
            QuarterRound(ref a, ref b, ref c, ref d);
            b = Vector128.Shuffle(b, Vector128.Create(3u, 0u, 1u, 2u));
            c = Vector128.Shuffle(c, Vector128.Create(2u, 3u, 0u, 1u));
            d = Vector128.Shuffle(d, Vector128.Create(1u, 2u, 3u, 0u));
        }
    }

    /// <summary>The quarter round on four lanes at once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void QuarterRound(ref Vector128<uint> a, ref Vector128<uint> b, ref Vector128<uint> c, ref Vector128<uint> d)
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

    // Shifts rather than byte shuffles: the x64 baseline is SSE2, where a byte shuffle is not in hardware.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> RotateLeft(Vector128<uint> value, [ConstantExpected(Min = 1, Max = 31)] int count) =>
        (value << count) | (value >>> (32 - count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Generate(
        ReadOnlySpan<uint> state,
        uint counter,
        out Vector128<uint> a,
        out Vector128<uint> b,
        out Vector128<uint> c,
        out Vector128<uint> d)
    {
        ref var words = ref MemoryMarshal.GetReference(state);
        var a0 = Vector128.LoadUnsafe(ref words);
        var b0 = Vector128.LoadUnsafe(ref words, 4);
        var c0 = Vector128.LoadUnsafe(ref words, 8);
        var d0 = Vector128.LoadUnsafe(ref words, 12).WithElement(0, counter);
        (a, b, c, d) = (a0, b0, c0, d0);
        Permute(ref a, ref b, ref c, ref d);
        a += a0;
        b += b0;
        c += c0;
        d += d0;
    }
}
