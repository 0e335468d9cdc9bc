// HChaCha20 — draft-irtf-cfrg-xchacha-03 §2.2; KES per-message key derivation, docs/crypto.md §2 and §5.
//
// | key    | 32 bytes                                          |
// | nonce  | 16 bytes (the KES iv)                             |
// | output | 32 bytes: words 0..3 and 12..15, no feed-forward  |

using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace Kes.Infrastructure.Crypto.Fast;

/// <summary>HChaCha20: derives a 32-byte ChaCha20 key from a key and a 16-byte nonce.</summary>
public static class HChaCha20
{
    /// <summary>The key length in bytes.</summary>
    public const int KeySize = 32;

    /// <summary>The nonce length in bytes.</summary>
    public const int NonceSize = 16;

    /// <summary>The output length in bytes.</summary>
    public const int OutputSize = 32;

    /// <summary>Writes HChaCha20(<paramref name="key32"/>, <paramref name="nonce16"/>) into <paramref name="output32"/>, which may alias either input.</summary>
    public static void DeriveKey(ReadOnlySpan<byte> key32, ReadOnlySpan<byte> nonce16, Span<byte> output32)
    {
        if (key32.Length != KeySize || nonce16.Length != NonceSize || output32.Length != OutputSize)
        {
            ThrowArgument();
        }

        DeriveKeyCore(key32, nonce16, output32);
    }

    /// <summary>The unchecked core: the caller guarantees the three lengths.</summary>
    internal static void DeriveKeyCore(ReadOnlySpan<byte> key32, ReadOnlySpan<byte> nonce16, Span<byte> output32)
    {
        if (ChaCha20Rows.IsSupported)
        {
            ref var key = ref MemoryMarshal.GetReference(key32);
            var a = Vector128.Create(ChaCha20Scalar.Sigma0, ChaCha20Scalar.Sigma1, ChaCha20Scalar.Sigma2, ChaCha20Scalar.Sigma3);
            var b = Vector128.LoadUnsafe(ref key).AsUInt32();
            var c = Vector128.LoadUnsafe(ref key, 16).AsUInt32();
            var d = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(nonce16)).AsUInt32();
            ChaCha20Rows.Permute(ref a, ref b, ref c, ref d);
            ref var output = ref MemoryMarshal.GetReference(output32);
            a.AsByte().StoreUnsafe(ref output);
            d.AsByte().StoreUnsafe(ref output, 16);
            return;
        }

        DeriveKeyScalar(key32, nonce16, output32);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DeriveKeyScalar(ReadOnlySpan<byte> key32, ReadOnlySpan<byte> nonce16, Span<byte> output32)
    {
        Span<uint> x = stackalloc uint[ChaCha20.StateWords];
        ChaCha20Scalar.Initialize(key32, x);
        for (var i = 0; i < 4; i++)
        {
            x[12 + i] = ChaCha20Scalar.ReadWord(nonce16, i);
        }

        ChaCha20Scalar.Permute(x);
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(output32.Slice(4 * i, 4), x[i]);
            BinaryPrimitives.WriteUInt32LittleEndian(output32.Slice(16 + (4 * i), 4), x[12 + i]);
        }

        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(x));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowArgument() =>
        throw new ArgumentException("HChaCha20 takes a 32-byte key and a 16-byte nonce and writes 32 bytes");
}
