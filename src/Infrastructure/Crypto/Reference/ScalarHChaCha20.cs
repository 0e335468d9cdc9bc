// HChaCha20 (draft-irtf-cfrg-xchacha-03 §2.2): the ChaCha20 block function on
// constants ‖ key ‖ nonce16, 20 rounds, no feed-forward, output words 0..3 and 12..15 (docs/crypto.md §5).
//
//   key     32 bytes
//   nonce   16 bytes (KES passes the iv)
//   output  32 bytes (the per-message ChaCha20-Poly1305 key)

using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Kes.Infrastructure.Crypto.Reference;

/// <summary>A plain scalar HChaCha20, the reference the vectorised cores are checked against; .NET and BouncyCastle expose none.</summary>
/// <remarks>Only additions, XORs and fixed rotations on the state: no branch or table lookup depends on the key.</remarks>
public static class ScalarHChaCha20
{
    /// <summary>Key length in bytes.</summary>
    public const int KeySize = 32;

    /// <summary>Nonce length in bytes.</summary>
    public const int NonceSize = 16;

    /// <summary>Output length in bytes.</summary>
    public const int OutputSize = 32;

    /// <summary>Writes HChaCha20(<paramref name="key"/>, <paramref name="nonce"/>) into <paramref name="destination"/>.</summary>
    public static void DeriveKey(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, Span<byte> destination)
    {
        if (key.Length != KeySize || nonce.Length != NonceSize || destination.Length < OutputSize)
        {
            ThrowArgument();
        }

        Span<uint> x = stackalloc uint[16];
        x[0] = 0x61707865;
        x[1] = 0x3320646e;
        x[2] = 0x79622d32;
        x[3] = 0x6b206574;
        for (var i = 0; i < 8; i++)
        {
            x[4 + i] = BinaryPrimitives.ReadUInt32LittleEndian(key[(4 * i)..]);
        }

        for (var i = 0; i < 4; i++)
        {
            x[12 + i] = BinaryPrimitives.ReadUInt32LittleEndian(nonce[(4 * i)..]);
        }

        for (var round = 0; round < 10; round++)
        {
            QuarterRound(x, 0, 4, 8, 12);
            QuarterRound(x, 1, 5, 9, 13);
            QuarterRound(x, 2, 6, 10, 14);
            QuarterRound(x, 3, 7, 11, 15);
            QuarterRound(x, 0, 5, 10, 15);
            QuarterRound(x, 1, 6, 11, 12);
            QuarterRound(x, 2, 7, 8, 13);
            QuarterRound(x, 3, 4, 9, 14);
        }

        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[(4 * i)..], x[i]);
            BinaryPrimitives.WriteUInt32LittleEndian(destination[(16 + (4 * i))..], x[12 + i]);
        }

        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(x));
    }

    private static void QuarterRound(Span<uint> x, int a, int b, int c, int d)
    {
        x[a] += x[b];
        x[d] = BitOperations.RotateLeft(x[d] ^ x[a], 16);
        x[c] += x[d];
        x[b] = BitOperations.RotateLeft(x[b] ^ x[c], 12);
        x[a] += x[b];
        x[d] = BitOperations.RotateLeft(x[d] ^ x[a], 8);
        x[c] += x[d];
        x[b] = BitOperations.RotateLeft(x[b] ^ x[c], 7);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowArgument() =>
        throw new ArgumentException("HChaCha20 takes a 32-byte key, a 16-byte nonce and a 32-byte destination");
}
