using System.Runtime.InteropServices;

namespace Kes.Domain.Keys;

/// <summary>Where <see cref="SecretMemory"/> lives: anonymous pages kept out of core dumps (<c>MADV_DONTDUMP</c>) and out of swap (<c>mlock</c>), carved into 64-byte-aligned chunks.</summary>
/// <remarks>
/// madvise and mlock work on whole pages, so secrets never share a page with ordinary heap data: small
/// blocks come from 64 KiB slabs split into power-of-two chunks (64 B to 4 KiB), larger ones get pages of
/// their own. Only these pages are locked, within RLIMIT_MEMLOCK; when the limit refuses, the pages stay
/// unlocked (still out of dumps) and <see cref="OnLockRefused"/> hears about it once. The whole-process
/// <c>--mlock</c> option is separate (docs/cli.md §4.1). Off Linux the chunks come from the native heap.
/// </remarks>
public static unsafe partial class SecretPages
{
    private const int SlabSize = 64 * 1024;
    private const int MinChunkShift = 6;
    private const int MaxChunkShift = 12;
    private const int ProtReadWrite = 0x1 | 0x2;
    private const int MapPrivateAnonymous = 0x02 | 0x20;
    private const int MadvDontDump = 16;

    private static readonly bool UsePages = OperatingSystem.IsLinux();
    private static readonly Stack<IntPtr>[] FreeChunks = CreateFreeLists();
    private static readonly Lock Sync = new();
    private static Action<string>? s_lockRefused;
    private static string? s_refusal;

    /// <summary>The page size the chunks are carved from.</summary>
    public static int PageSize { get; } = Environment.SystemPageSize;

    /// <summary>Registers <paramref name="warn"/> to hear, once, that the system refused to lock secret pages; it hears at once if that already happened.</summary>
    public static void OnLockRefused(Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(warn);
        string? pending;
        lock (Sync)
        {
            s_lockRefused = warn;
            pending = s_refusal;
        }

        if (pending is not null)
        {
            warn(pending);
        }
    }

    /// <summary>A zeroed chunk of at least <paramref name="size"/> bytes, 64-byte aligned.</summary>
    internal static byte* Allocate(nuint size)
    {
        if (!UsePages)
        {
            var pointer = NativeMemory.AlignedAlloc(size, 64);
            NativeMemory.Clear(pointer, size);
            return (byte*)pointer;
        }

        var shift = ChunkShift(size);
        if (shift > MaxChunkShift)
        {
            return MapSecretPages(RoundToPages(size));
        }

        lock (Sync)
        {
            var free = FreeChunks[shift - MinChunkShift];
            if (free.Count == 0)
            {
                var slab = MapSecretPages(SlabSize);
                for (var offset = SlabSize - (1 << shift); offset >= 0; offset -= 1 << shift)
                {
                    free.Push((IntPtr)(slab + offset));
                }
            }

            return (byte*)free.Pop();
        }
    }

    /// <summary>Takes back a chunk from <see cref="Allocate"/> of the same <paramref name="size"/>; the caller has zeroed it.</summary>
    internal static void Free(byte* chunk, nuint size)
    {
        if (!UsePages)
        {
            NativeMemory.AlignedFree(chunk);
            return;
        }

        var shift = ChunkShift(size);
        if (shift > MaxChunkShift)
        {
            _ = Munmap(chunk, RoundToPages(size));
            return;
        }

        lock (Sync)
        {
            FreeChunks[shift - MinChunkShift].Push((IntPtr)chunk);
        }
    }

    private static byte* MapSecretPages(nuint length)
    {
        var pages = Mmap(null, length, ProtReadWrite, MapPrivateAnonymous, -1, 0);
        if (pages == (void*)-1)
        {
            throw new InsufficientMemoryException("mmap of secret pages failed with errno " + Marshal.GetLastPInvokeError());
        }

        // Best effort: a kernel without MADV_DONTDUMP still gets locked, zeroed-on-free pages.
        _ = Madvise(pages, length, MadvDontDump);
        if (Mlock(pages, length) != 0)
        {
            WarnLockRefused(Marshal.GetLastPInvokeError());
        }

        return (byte*)pages;
    }

    private static void WarnLockRefused(int errno)
    {
        Action<string>? warn;
        lock (Sync)
        {
            if (s_refusal is not null)
            {
                return;
            }

            s_refusal = $"cannot lock the memory that holds keys (mlock errno {errno}): RLIMIT_MEMLOCK is too low, so keys may be swapped out. Raise it (ulimit -l) or grant CAP_IPC_LOCK";
            warn = s_lockRefused;
        }

        warn?.Invoke(s_refusal);
    }

    private static int ChunkShift(nuint size)
    {
        var shift = MinChunkShift;
        while (((nuint)1 << shift) < size && shift <= MaxChunkShift)
        {
            shift++;
        }

        return shift;
    }

    private static nuint RoundToPages(nuint size) => (size + (nuint)PageSize - 1) / (nuint)PageSize * (nuint)PageSize;

    private static Stack<IntPtr>[] CreateFreeLists()
    {
        var lists = new Stack<IntPtr>[MaxChunkShift - MinChunkShift + 1];
        for (var i = 0; i < lists.Length; i++)
        {
            lists[i] = new Stack<IntPtr>();
        }

        return lists;
    }

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial void* Mmap(void* address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(void* address, nuint length);

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(void* address, nuint length, int advice);

    [LibraryImport("libc", EntryPoint = "mlock", SetLastError = true)]
    private static partial int Mlock(void* address, nuint length);
}
