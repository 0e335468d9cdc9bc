// Poly1305 one-time authenticator — RFC 8439 §2.5, with the zero padding of the AEAD in §2.8.
//
// | key   | 32 bytes: r (clamped) ‖ s |
// | block | 16 bytes                  |
// | tag   | 16 bytes                  |
//
// The accumulator h = h0 + 2^64·h1 + 2^128·h2 lives in three 64-bit limbs. Clamping leaves r0 and r1
// below 2^60 and the partial reduction keeps h2 below 8, so every product fits Math.BigMul and no sum
// of products overflows 128 bits. Carries, the reduction and the final subtraction of p = 2^130 − 5
// are computed with masks, never with a branch on the data.

using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Kes.Infrastructure.Crypto.Fast;

/// <summary>Poly1305 (RFC 8439 §2.5) over 64-bit limbs, in constant time; <see cref="Finish"/> zeroes the key and the accumulator.</summary>
public ref struct Poly1305
{
    /// <summary>The one-time key length in bytes.</summary>
    public const int KeySize = 32;

    /// <summary>The tag length in bytes.</summary>
    public const int TagSize = 16;

    /// <summary>The block length in bytes.</summary>
    public const int BlockSize = 16;

    private const ulong ClampMask0 = 0x0FFFFFFC0FFFFFFF;
    private const ulong ClampMask1 = 0x0FFFFFFC0FFFFFFC;
    private const ulong P0 = 0xFFFFFFFFFFFFFFFB;
    private const ulong P1 = 0xFFFFFFFFFFFFFFFF;
    private const ulong P2 = 0x3;

    private ulong _r0;
    private ulong _r1;
    private ulong _s0;
    private ulong _s1;
    private ulong _h0;
    private ulong _h1;
    private ulong _h2;

    /// <summary>Starts a MAC under the one-time <paramref name="key"/> (32 bytes), which must never authenticate a second message.</summary>
    public Poly1305(scoped ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            ThrowArgument("a Poly1305 key is 32 bytes");
        }

        _r0 = BinaryPrimitives.ReadUInt64LittleEndian(key) & ClampMask0;
        _r1 = BinaryPrimitives.ReadUInt64LittleEndian(key[8..]) & ClampMask1;
        _s0 = BinaryPrimitives.ReadUInt64LittleEndian(key[16..]);
        _s1 = BinaryPrimitives.ReadUInt64LittleEndian(key[24..]);
    }

    /// <summary>The tag of <paramref name="message"/> under <paramref name="key"/>, with the standard final-block padding of RFC 8439 §2.5.</summary>
    public static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, Span<byte> tag)
    {
        if (tag.Length != TagSize)
        {
            ThrowArgument("a Poly1305 tag is 16 bytes");
        }

        var mac = new Poly1305(key);
        var whole = message.Length & ~(BlockSize - 1);
        mac.Blocks(message[..whole], 1);
        if (whole < message.Length)
        {
            Span<byte> last = stackalloc byte[BlockSize];
            last.Clear();
            message[whole..].CopyTo(last);
            // The marker bit sits right after a short final block instead of at 2^128.
            last[message.Length - whole] = 1;
            mac.Blocks(last, 0);
        }

        mac.Finish(tag);
    }

    /// <summary>Absorbs <paramref name="data"/> zero-padded to a multiple of 16 bytes, as the ChaCha20-Poly1305 AEAD does with the associated data and the ciphertext.</summary>
    public void UpdatePadded(scoped ReadOnlySpan<byte> data)
    {
        var whole = data.Length & ~(BlockSize - 1);
        Blocks(data[..whole], 1);
        if (whole < data.Length)
        {
            Span<byte> last = stackalloc byte[BlockSize];
            last.Clear();
            data[whole..].CopyTo(last);
            Blocks(last, 1);
        }
    }

    /// <summary>Writes the 16-byte tag and zeroes the state.</summary>
    public void Finish(scoped Span<byte> tag)
    {
        if (tag.Length != TagSize)
        {
            ThrowArgument("a Poly1305 tag is 16 bytes");
        }

        // h < 2p after the partial reductions, so subtracting p once, when it does not borrow, reduces fully.
        var g0 = Subtract(_h0, P0, 0, out var borrow);
        var g1 = Subtract(_h1, P1, borrow, out borrow);
        _ = Subtract(_h2, P2, borrow, out borrow);
        var keepH = 0 - borrow;
        var h0 = (_h0 & keepH) | (g0 & ~keepH);
        var h1 = (_h1 & keepH) | (g1 & ~keepH);

        h0 = Add(h0, _s0, 0, out var carry);
        h1 = Add(h1, _s1, carry, out _);
        BinaryPrimitives.WriteUInt64LittleEndian(tag, h0);
        BinaryPrimitives.WriteUInt64LittleEndian(tag[8..], h1);
        Clear();
    }

    /// <summary>Zeroes the key and the accumulator.</summary>
    public void Clear() => this = default;

    /// <summary>Absorbs every whole 16-byte block of <paramref name="blocks"/>, each with 2^128·<paramref name="highBit"/> added.</summary>
    private void Blocks(scoped ReadOnlySpan<byte> blocks, ulong highBit)
    {
        ulong h0 = _h0, h1 = _h1, h2 = _h2;
        ulong r0 = _r0, r1 = _r1;
        for (; blocks.Length >= BlockSize; blocks = blocks[BlockSize..])
        {
            h0 = Add(h0, BinaryPrimitives.ReadUInt64LittleEndian(blocks), 0, out var carry);
            h1 = Add(h1, BinaryPrimitives.ReadUInt64LittleEndian(blocks[8..]), carry, out carry);
            h2 += carry + highBit;

            var h0r0High = Math.BigMul(h0, r0, out var h0r0Low);
            var h1r0High = Math.BigMul(h1, r0, out var h1r0Low);
            var h0r1High = Math.BigMul(h0, r1, out var h0r1Low);
            var h1r1High = Math.BigMul(h1, r1, out var h1r1Low);
            var h2r0 = h2 * r0;
            var h2r1 = h2 * r1;

            var m1Low = Add(h1r0Low, h0r1Low, 0, out carry);
            var m1High = h1r0High + h0r1High + carry;
            var m2Low = Add(h2r0, h1r1Low, 0, out carry);
            var m2High = h1r1High + carry;

            var t0 = h0r0Low;
            var t1 = Add(m1Low, h0r0High, 0, out carry);
            var t2 = Add(m2Low, m1High, carry, out carry);
            var t3 = h2r1 + m2High + carry;

            // t = q·2^130 + low, and 2^130 ≡ 5 (mod p): add 4q, then q.
            var q0 = t2 & ~P2;
            var q1 = t3;
            h0 = Add(t0, q0, 0, out carry);
            h1 = Add(t1, q1, carry, out carry);
            h2 = (t2 & P2) + carry;
            q0 = (q0 >> 2) | (q1 << 62);
            q1 >>= 2;
            h0 = Add(h0, q0, 0, out carry);
            h1 = Add(h1, q1, carry, out carry);
            h2 += carry;
        }

        (_h0, _h1, _h2) = (h0, h1, h2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Add(ulong x, ulong y, ulong carryIn, out ulong carryOut)
    {
        var sum = x + y + carryIn;
        carryOut = ((x & y) | ((x | y) & ~sum)) >> 63;
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Subtract(ulong x, ulong y, ulong borrowIn, out ulong borrowOut)
    {
        var difference = x - y - borrowIn;
        borrowOut = ((~x & y) | (~(x ^ y) & difference)) >> 63;
        return difference;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowArgument(string message) => throw new ArgumentException(message);
}
