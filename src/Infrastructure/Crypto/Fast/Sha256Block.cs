// SHA-256 compression and padding, FIPS 180-4 §5.1.1, §6.2.
//
// | item            | size               |
// |-----------------|--------------------|
// | block           | 64 bytes           |
// | chaining state  | 8 words (32 bytes) |
// | digest          | 32 bytes           |

using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Kes.Infrastructure.Crypto.Fast;

/// <summary>The SHA-256 compression function (OpenSSL's where it is there, else scalar managed code), and hashing that resumes from a chaining state.</summary>
/// <remarks>
/// Resuming from a chaining state is what lets HMAC precompute the padded key blocks once per key.
/// There are no tables indexed by data: the only table is the round constants, indexed by the round.
/// </remarks>
internal static class Sha256Block
{
    public const int BlockSize = 64;
    public const int DigestSize = 32;
    public const int StateWords = 8;

    // Arrays rather than ReadOnlySpan<uint> properties: in unoptimized (Debug) code those go through
    // RuntimeHelpers.CreateSpan, which allocates a field-info stub on every call.
    private static readonly uint[] InitialState =
    [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ];

    private static readonly uint[] RoundConstants =
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    /// <summary>Sets <paramref name="state"/> to the SHA-256 initial hash value.</summary>
    public static void Initialize(Span<uint> state) => InitialState.CopyTo(state);

    /// <summary>Hashes the rest of a message: <paramref name="state"/> has already absorbed <paramref name="prefixLength"/> bytes (a multiple of 64), <paramref name="message"/> follows them.</summary>
    public static void Finish(Span<uint> state, long prefixLength, ReadOnlySpan<byte> message, Span<byte> digest)
    {
        var bitLength = (ulong)(prefixLength + message.Length) * 8;
        while (message.Length >= BlockSize)
        {
            Compress(state, message);
            message = message[BlockSize..];
        }

        Span<byte> last = stackalloc byte[2 * BlockSize];
        message.CopyTo(last);
        last[message.Length] = 0x80;
        var padded = message.Length < BlockSize - sizeof(ulong) ? BlockSize : 2 * BlockSize;
        BinaryPrimitives.WriteUInt64BigEndian(last[(padded - sizeof(ulong))..], bitLength);
        Compress(state, last);
        if (padded > BlockSize)
        {
            Compress(state, last[BlockSize..]);
        }

        CryptographicOperations.ZeroMemory(last);
        for (var i = 0; i < StateWords; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(digest[(4 * i)..], state[i]);
        }
    }

    /// <summary>Absorbs one 64-byte block into <paramref name="state"/>.</summary>
    public static void Compress(Span<uint> state, ReadOnlySpan<byte> block)
    {
        if (NativeSha256Block.IsAvailable)
        {
            NativeSha256Block.Compress(state, block);
        }
        else
        {
            CompressScalar(state, block);
        }
    }

    /// <summary>Absorbs one 64-byte block into <paramref name="state"/> in managed code.</summary>
    public static void CompressScalar(Span<uint> state, ReadOnlySpan<byte> block)
    {
        Span<uint> w = stackalloc uint[64];
        for (var t = 0; t < 16; t++)
        {
            w[t] = BinaryPrimitives.ReadUInt32BigEndian(block[(4 * t)..]);
        }

        for (var t = 16; t < 64; t++)
        {
            w[t] = SmallSigma1(w[t - 2]) + w[t - 7] + SmallSigma0(w[t - 15]) + w[t - 16];
        }

        ReadOnlySpan<uint> k = RoundConstants;
        var a = state[0];
        var b = state[1];
        var c = state[2];
        var d = state[3];
        var e = state[4];
        var f = state[5];
        var g = state[6];
        var h = state[7];

        // Eight rounds per iteration rotate the roles of a..h instead of moving eight values per round.
        for (var t = 0; t < 64; t += 8)
        {
            Round(a, b, c, ref d, e, f, g, ref h, k[t] + w[t]);
            Round(h, a, b, ref c, d, e, f, ref g, k[t + 1] + w[t + 1]);
            Round(g, h, a, ref b, c, d, e, ref f, k[t + 2] + w[t + 2]);
            Round(f, g, h, ref a, b, c, d, ref e, k[t + 3] + w[t + 3]);
            Round(e, f, g, ref h, a, b, c, ref d, k[t + 4] + w[t + 4]);
            Round(d, e, f, ref g, h, a, b, ref c, k[t + 5] + w[t + 5]);
            Round(c, d, e, ref f, g, h, a, ref b, k[t + 6] + w[t + 6]);
            Round(b, c, d, ref e, f, g, h, ref a, k[t + 7] + w[t + 7]);
        }

        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(w));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(uint a, uint b, uint c, ref uint d, uint e, uint f, uint g, ref uint h, uint kw)
    {
        h += BigSigma1(e) + ((e & f) ^ (~e & g)) + kw;
        d += h;
        h += BigSigma0(a) + ((a & b) ^ (a & c) ^ (b & c));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint BigSigma0(uint x) => BitOperations.RotateRight(x, 2) ^ BitOperations.RotateRight(x, 13) ^ BitOperations.RotateRight(x, 22);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint BigSigma1(uint x) => BitOperations.RotateRight(x, 6) ^ BitOperations.RotateRight(x, 11) ^ BitOperations.RotateRight(x, 25);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint SmallSigma0(uint x) => BitOperations.RotateRight(x, 7) ^ BitOperations.RotateRight(x, 18) ^ (x >> 3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint SmallSigma1(uint x) => BitOperations.RotateRight(x, 17) ^ BitOperations.RotateRight(x, 19) ^ (x >> 10);
}
