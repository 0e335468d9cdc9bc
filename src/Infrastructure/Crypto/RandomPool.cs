using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Kes.Infrastructure.Crypto;

/// <summary>Per-thread OS randomness for ivs and nonces, drawn in blocks so that sealing a DEK does not pay a syscall per message.</summary>
/// <remarks>
/// Each thread owns a pinned native block filled from the OS CSPRNG. Bytes are handed out once and
/// cleared as they leave, and the block is refilled when it runs dry, so a later memory dump shows at
/// most the ivs that are still to come, never ones already used.
/// </remarks>
public static unsafe class RandomPool
{
    private const int BlockSize = 4096;

    [ThreadStatic]
    private static Block? t_block;

    /// <summary>Fills <paramref name="destination"/> with fresh random bytes.</summary>
    public static void Fill(Span<byte> destination)
    {
        if (destination.Length > BlockSize)
        {
            RandomNumberGenerator.Fill(destination);
            return;
        }

        var block = t_block ?? CreateBlock();
        if (block.Remaining < destination.Length)
        {
            block.Refill();
        }

        var source = new Span<byte>(block.Bytes + block.Offset, destination.Length);
        source.CopyTo(destination);
        source.Clear();
        block.Offset += destination.Length;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Block CreateBlock() => t_block = new Block();

    /// <summary>The native block of one thread; its finalizer clears and frees it when the thread is gone.</summary>
    private sealed class Block
    {
        public Block()
        {
            Bytes = (byte*)NativeMemory.Alloc(BlockSize);
            Refill();
        }

        ~Block()
        {
            NativeMemory.Clear(Bytes, BlockSize);
            NativeMemory.Free(Bytes);
        }

        public byte* Bytes { get; }

        public int Offset { get; set; }

        public int Remaining => BlockSize - Offset;

        public void Refill()
        {
            RandomNumberGenerator.Fill(new Span<byte>(Bytes, BlockSize));
            Offset = 0;
        }
    }
}
