using System.Runtime.InteropServices;

namespace Kes.Infrastructure.Crypto.Fast;

/// <summary>OpenSSL's SHA-256 block function, which runs on the CPU's SHA extensions where it has them; .NET exposes no SHA intrinsics, and the scalar compression is the largest cost of sealing a data key.</summary>
/// <remarks>
/// <c>SHA256_Transform</c> absorbs one block into the chaining state at the start of an OpenSSL
/// <c>SHA256_CTX</c> and touches nothing else. It is looked up in the libcrypto 3 that .NET itself uses
/// on Linux, checked against a known answer once, and left alone (the scalar code runs instead) where it
/// is missing or answers wrongly.
/// </remarks>
internal static unsafe class NativeSha256Block
{
    /// <summary>The words of an OpenSSL <c>SHA256_CTX</c>: the state, two length words, a 16-word buffer, two counters.</summary>
    private const int ContextWords = 28;

    private static readonly delegate* unmanaged[SuppressGCTransition]<uint*, byte*, void> Transform = Load();

    /// <summary>Whether the native block function is in use.</summary>
    public static bool IsAvailable => Transform != null;

    /// <summary>Absorbs one 64-byte block into <paramref name="state"/>; only call when <see cref="IsAvailable"/>.</summary>
    public static void Compress(Span<uint> state, ReadOnlySpan<byte> block) => Compress(Transform, state, block);

    private static void Compress(delegate* unmanaged[SuppressGCTransition]<uint*, byte*, void> transform, Span<uint> state, ReadOnlySpan<byte> block)
    {
        var context = stackalloc uint[ContextWords];
        var words = new Span<uint>(context, ContextWords);
        words.Clear();
        state[..Sha256Block.StateWords].CopyTo(words);
        fixed (byte* data = block)
        {
            transform(context, data);
        }

        words[..Sha256Block.StateWords].CopyTo(state);
        words.Clear();
    }

    private static delegate* unmanaged[SuppressGCTransition]<uint*, byte*, void> Load()
    {
        if (!OperatingSystem.IsLinux()
            || !NativeLibrary.TryLoad("libcrypto.so.3", out var library)
            || !NativeLibrary.TryGetExport(library, "SHA256_Transform", out var export))
        {
            return null;
        }

        var transform = (delegate* unmanaged[SuppressGCTransition]<uint*, byte*, void>)export;
        return AgreesWithScalar(transform) ? transform : null;
    }

    /// <summary>One block from a fixed state through both implementations must give the same state.</summary>
    private static bool AgreesWithScalar(delegate* unmanaged[SuppressGCTransition]<uint*, byte*, void> transform)
    {
        Span<byte> block = stackalloc byte[Sha256Block.BlockSize];
        for (var i = 0; i < block.Length; i++)
        {
            block[i] = (byte)((i * 37) + 11);
        }

        Span<uint> expected = stackalloc uint[Sha256Block.StateWords];
        Span<uint> actual = stackalloc uint[Sha256Block.StateWords];
        Sha256Block.Initialize(expected);
        Sha256Block.Initialize(actual);
        Sha256Block.CompressScalar(expected, block);
        Compress(transform, actual, block);
        return expected.SequenceEqual(actual);
    }
}
