using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Kes.Domain.Keys;

/// <summary>A fixed-size block of native memory for secret bytes: the GC never moves or copies it, and it is zeroed before it is freed.</summary>
/// <remarks>
/// It is a <see cref="SafeHandle"/> so that an owner can pin its lifetime around an operation with
/// <see cref="SafeHandle.DangerousAddRef"/>: a key evicted from the cache while a request still seals
/// with it is freed only when that request lets go.
/// </remarks>
public sealed unsafe class SecretMemory : SafeHandle
{
    private SecretMemory(int length)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        Length = length;
        // 64-byte alignment keeps AES round keys and hash states on their own cache lines; an empty
        // block still gets one byte so that the handle is valid.
        var size = (nuint)Math.Max(length, 1);
        var pointer = NativeMemory.AlignedAlloc(size, 64);
        NativeMemory.Clear(pointer, size);
        SetHandle((IntPtr)pointer);
    }

    /// <summary>How many times <see cref="SecretMemoryPool"/> has taken this block back; a <see cref="PooledSecret"/> is valid only for the count it was rented under.</summary>
    internal int Lease;

    /// <summary>The size in bytes.</summary>
    public int Length { get; }

    /// <inheritdoc />
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>The bytes. Valid only while the caller holds this object alive (an owner that is not disposed, or a reference taken with DangerousAddRef).</summary>
    public Span<byte> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            return new Span<byte>((void*)handle, Length);
        }
    }

    /// <summary>The address of the first byte, under the same lifetime rule as <see cref="Span"/>.</summary>
    public byte* Address => (byte*)handle;

    /// <summary>A zeroed block of <paramref name="length"/> bytes.</summary>
    public static SecretMemory Allocate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new SecretMemory(length);
    }

    /// <summary>A block holding a copy of <paramref name="bytes"/>.</summary>
    public static SecretMemory CopyOf(ReadOnlySpan<byte> bytes)
    {
        var memory = Allocate(bytes.Length);
        bytes.CopyTo(memory.Span);
        return memory;
    }

    /// <summary>A block of <paramref name="length"/> bytes from the operating system's CSPRNG.</summary>
    public static SecretMemory Random(int length)
    {
        var memory = Allocate(length);
        RandomNumberGenerator.Fill(memory.Span);
        return memory;
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        CryptographicOperations.ZeroMemory(new Span<byte>((void*)handle, Length));
        NativeMemory.AlignedFree((void*)handle);
        return true;
    }
}
