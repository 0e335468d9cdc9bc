// ChaCha20 stream cipher — RFC 8439 §2.1–2.4 (IETF variant: 32-bit block counter, 96-bit nonce).
//
// | key     | 32 bytes                                   |
// | nonce   | 12 bytes                                   |
// | counter | 32 bits, the index of the first block      |
// | block   | 64 bytes of key stream                     |
// | output  | the input's length (no tag, no overhead)   |

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Kes.Infrastructure.Crypto.Fast;

/// <summary>The ChaCha20 stream cipher of RFC 8439, vectorised eight, four or one block at a time.</summary>
/// <remarks>
/// The public methods check their arguments; the internal ones work on a state that the caller built
/// once with <see cref="Initialize"/>, so that key and nonce may alias the output without harm.
/// </remarks>
public static class ChaCha20
{
    /// <summary>The key length in bytes.</summary>
    public const int KeySize = 32;

    /// <summary>The nonce length in bytes.</summary>
    public const int NonceSize = 12;

    /// <summary>The length of one key stream block in bytes.</summary>
    public const int BlockSize = 64;

    /// <summary>The number of 32-bit words in a state.</summary>
    internal const int StateWords = 16;

    /// <summary>Writes the key stream block number <paramref name="counter"/> into <paramref name="destination"/> (64 bytes).</summary>
    public static void Block(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, uint counter, Span<byte> destination)
    {
        CheckKeyAndNonce(key, nonce);
        if (destination.Length != BlockSize)
        {
            ThrowArgument("the destination of a block is 64 bytes");
        }

        Span<uint> state = stackalloc uint[StateWords];
        Initialize(key, nonce, state);
        BlockCore(state, counter, destination);
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(state));
    }

    /// <summary>XORs <paramref name="source"/> with the key stream that starts at block <paramref name="counter"/>; in place if both spans are the same.</summary>
    public static void Xor(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, uint counter, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        CheckKeyAndNonce(key, nonce);
        if (destination.Length != source.Length)
        {
            ThrowArgument("the destination has the source's length");
        }

        if (source.Overlaps(destination, out var offset) && offset != 0)
        {
            ThrowArgument("the source and the destination overlap at different offsets");
        }

        if (counter + (((ulong)source.Length + BlockSize - 1) / BlockSize) > 1UL << 32)
        {
            ThrowArgument("the 32-bit block counter would wrap");
        }

        Span<uint> state = stackalloc uint[StateWords];
        Initialize(key, nonce, state);
        XorCore(state, counter, source, destination);
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(state));
    }

    /// <summary>Builds the 16-word state: constants, key, a zero counter and nonce. The caller zeroes it after use.</summary>
    internal static void Initialize(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, Span<uint> state)
    {
        ChaCha20Scalar.Initialize(key, state);
        state[12] = 0;
        state[13] = ChaCha20Scalar.ReadWord(nonce, 0);
        state[14] = ChaCha20Scalar.ReadWord(nonce, 1);
        state[15] = ChaCha20Scalar.ReadWord(nonce, 2);
    }

    /// <summary>Writes one key stream block of <paramref name="state"/> at <paramref name="counter"/>.</summary>
    internal static void BlockCore(ReadOnlySpan<uint> state, uint counter, Span<byte> destination)
    {
        if (ChaCha20Rows.IsSupported)
        {
            ChaCha20Rows.Block(state, counter, destination);
        }
        else
        {
            ChaCha20Scalar.Block(state, counter, destination);
        }
    }

    /// <summary>XORs <paramref name="source"/> into <paramref name="destination"/> (same length, same offset if they overlap) with the key stream from <paramref name="counter"/>.</summary>
    internal static void XorCore(ReadOnlySpan<uint> state, uint counter, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var done = 0;
        var length = source.Length;
        if (ChaCha20Wide.IsSupported256)
        {
            for (; length - done >= 8 * BlockSize; done += 8 * BlockSize, counter += 8)
            {
                ChaCha20Wide.Xor8(state, counter, source[done..], destination[done..]);
            }
        }

        if (ChaCha20Wide.IsSupported128)
        {
            for (; length - done >= 4 * BlockSize; done += 4 * BlockSize, counter += 4)
            {
                ChaCha20Wide.Xor4(state, counter, source[done..], destination[done..]);
            }
        }

        if (ChaCha20Rows.IsSupported)
        {
            for (; length - done >= BlockSize; done += BlockSize, counter++)
            {
                ChaCha20Rows.Xor(state, counter, source[done..], destination[done..]);
            }
        }

        if (length - done > 0)
        {
            XorTail(state, counter, source[done..], destination[done..]);
        }
    }

    /// <summary>The blocks the vector paths did not take, through a zeroed stack buffer.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void XorTail(ReadOnlySpan<uint> state, uint counter, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        Span<byte> stream = stackalloc byte[BlockSize];
        for (var done = 0; done < source.Length; done += BlockSize, counter++)
        {
            BlockCore(state, counter, stream);
            var count = Math.Min(BlockSize, source.Length - done);
            for (var i = 0; i < count; i++)
            {
                destination[done + i] = (byte)(source[done + i] ^ stream[i]);
            }
        }

        CryptographicOperations.ZeroMemory(stream);
    }

    private static void CheckKeyAndNonce(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce)
    {
        if (key.Length != KeySize || nonce.Length != NonceSize)
        {
            ThrowArgument("the key is 32 bytes and the nonce 12 bytes");
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowArgument(string message) => throw new ArgumentException(message);
}
