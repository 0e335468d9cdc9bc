// HMAC-SHA256, RFC 2104 / FIPS 198-1, with the padded-key blocks absorbed once per key.
//
// | item                      | size                                           |
// |---------------------------|------------------------------------------------|
// | key                       | any (longer than 64 bytes: hashed first)       |
// | precomputed state         | 64 bytes: inner then outer chaining words (BE) |
// | message                   | any                                            |
// | MAC                       | 32 bytes                                       |

using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Kes.Infrastructure.Crypto.Fast;

/// <summary>HMAC-SHA256 from a per-key precomputed state, so that a MAC over a 16-byte message costs two compressions.</summary>
/// <remarks>
/// The state is the SHA-256 chaining value after <c>K ⊕ ipad</c> followed by the one after <c>K ⊕ opad</c>,
/// each as eight big-endian words. It is as secret as the key: keep it in <c>SecretMemory</c>.
/// </remarks>
public static class FastHmacSha256
{
    /// <summary>Bytes of precomputed per-key state.</summary>
    public const int StateSize = 2 * Sha256Block.DigestSize;

    /// <summary>Bytes of a MAC.</summary>
    public const int MacSize = Sha256Block.DigestSize;

    private const byte InnerPad = 0x36;
    private const byte OuterPad = 0x5c;

    /// <summary>Absorbs the padded <paramref name="key"/> into the inner and outer chaining states written to <paramref name="state"/> (64 bytes).</summary>
    public static void Precompute(ReadOnlySpan<byte> key, Span<byte> state)
    {
        if (state.Length != StateSize)
        {
            ThrowArgument("the HMAC state is 64 bytes");
        }

        Span<byte> block = stackalloc byte[Sha256Block.BlockSize];
        Span<uint> chain = stackalloc uint[Sha256Block.StateWords];
        if (key.Length > Sha256Block.BlockSize)
        {
            Sha256Block.Initialize(chain);
            Sha256Block.Finish(chain, 0, key, block);
        }
        else
        {
            key.CopyTo(block);
        }

        Xor(block, InnerPad);
        Sha256Block.Initialize(chain);
        Sha256Block.Compress(chain, block);
        Store(chain, state[..Sha256Block.DigestSize]);

        Xor(block, InnerPad ^ OuterPad);
        Sha256Block.Initialize(chain);
        Sha256Block.Compress(chain, block);
        Store(chain, state[Sha256Block.DigestSize..]);

        CryptographicOperations.ZeroMemory(block);
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(chain));
    }

    /// <summary>Writes HMAC-SHA256(key, <paramref name="message"/>) to <paramref name="mac"/> (32 bytes), the key given by its precomputed <paramref name="state"/>.</summary>
    /// <remarks><paramref name="mac"/> may overlap <paramref name="message"/>: the message is consumed before the MAC is written.</remarks>
    public static void Compute(ReadOnlySpan<byte> state, ReadOnlySpan<byte> message, Span<byte> mac)
    {
        if (state.Length != StateSize || mac.Length != MacSize)
        {
            ThrowArgument("the HMAC state is 64 bytes and the MAC 32 bytes");
        }

        Span<uint> chain = stackalloc uint[Sha256Block.StateWords];
        Span<byte> inner = stackalloc byte[Sha256Block.DigestSize];

        Load(state[..Sha256Block.DigestSize], chain);
        Sha256Block.Finish(chain, Sha256Block.BlockSize, message, inner);

        Load(state[Sha256Block.DigestSize..], chain);
        Sha256Block.Finish(chain, Sha256Block.BlockSize, inner, mac);

        CryptographicOperations.ZeroMemory(inner);
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(chain));
    }

    private static void Xor(Span<byte> block, byte pad)
    {
        for (var i = 0; i < block.Length; i++)
        {
            block[i] ^= pad;
        }
    }

    private static void Store(ReadOnlySpan<uint> chain, Span<byte> destination)
    {
        for (var i = 0; i < Sha256Block.StateWords; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(4 * i)..], chain[i]);
        }
    }

    private static void Load(ReadOnlySpan<byte> source, Span<uint> chain)
    {
        for (var i = 0; i < Sha256Block.StateWords; i++)
        {
            chain[i] = BinaryPrimitives.ReadUInt32BigEndian(source[(4 * i)..]);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowArgument(string message) => throw new ArgumentException(message);
}
