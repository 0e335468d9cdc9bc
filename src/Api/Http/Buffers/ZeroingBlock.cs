using System.Buffers;
using System.Runtime.InteropServices;

namespace Kes.Api.Http.Buffers;

/// <summary>One pinned block of a <see cref="ZeroingBlockPool"/>; disposing it zeroes it and gives it back.</summary>
public sealed class ZeroingBlock : IMemoryOwner<byte>
{
    private readonly ZeroingBlockPool _pool;

    internal ZeroingBlock(ZeroingBlockPool pool)
    {
        _pool = pool;
        Array = GC.AllocateUninitializedArray<byte>(ZeroingBlockPool.BlockSize, pinned: true);
        Memory = MemoryMarshal.CreateFromPinnedArray(Array, 0, Array.Length);
    }

    internal byte[] Array { get; }

    /// <inheritdoc />
    public Memory<byte> Memory { get; }

    /// <inheritdoc />
    public void Dispose() => _pool.Return(this);
}
