using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Kes.Domain.Keys;

/// <summary>A fixed-size block of native memory for secret bytes: the GC never moves or copies it, it is kept out of core dumps and swap (<see cref="SecretPages"/>), and it is zeroed before it is freed.</summary>
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
        SetHandle((IntPtr)SecretPages.Allocate(AllocatedSize));
    }

    /// <summary>The pool's bookkeeping for this block (see <see cref="SecretMemoryPool"/>): the lease count, whether the lease was returned, and how many reads are under way.</summary>
    internal long PoolState;

    /// <summary>The size in bytes.</summary>
    public int Length { get; }

    private nuint AllocatedSize => (nuint)Math.Max(Length, 1);

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

    /// <summary>Copies the bytes into <paramref name="destination"/> under a reference, so a concurrent <see cref="SafeHandle.Dispose()"/> frees them only afterwards.</summary>
    public void CopyTo(Span<byte> destination)
    {
        var added = false;
        DangerousAddRef(ref added);
        try
        {
            new ReadOnlySpan<byte>((void*)handle, Length).CopyTo(destination);
        }
        finally
        {
            DangerousRelease();
        }
    }

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
        SecretPages.Free((byte*)handle, AllocatedSize);
        return true;
    }
}
