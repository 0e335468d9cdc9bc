using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Kes.Infrastructure.KeyStores.FileSystem;

/// <summary>The few POSIX calls .NET does not expose: a hard link that refuses to overwrite, an unlink that reports a missing file, fsync of a directory, and an open that neither follows a link nor blocks, with the file type of what it opened.</summary>
internal static unsafe partial class Posix
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1;
    private const int StatBufferSize = 256;
    private const int FileTypeMask = 0xF000;  // S_IFMT
    private const int RegularFile = 0x8000;   // S_IFREG

    // O_RDONLY | O_CLOEXEC: the descriptor only serves fsync and must not leak into a child process.
    private static readonly int OpenDirectoryFlags = OperatingSystem.IsMacOS() ? 0x1000000 : OperatingSystem.IsLinux() ? 0x80000 : 0;

    // O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC: opening a FIFO must not wait for a writer, nor a link lead elsewhere.
    // Linux numbers O_NOFOLLOW differently on ARM.
    private static readonly int OpenKeyFlags = OperatingSystem.IsMacOS() ? 0x4 | 0x100 | 0x1000000
        : 0x800 | 0x80000 | (RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000);

    /// <summary>link(2): 0, or -1 with errno (EEXIST when <paramref name="newPath"/> exists, which it never replaces).</summary>
    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Link(string existingPath, string newPath);

    /// <summary>unlink(2): 0, or -1 with errno (ENOENT when nothing has that name).</summary>
    [LibraryImport("libc", EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Unlink(string path);

    /// <summary>Opens <paramref name="path"/> for reading without following a final symbolic link and without blocking on a FIFO: the handle, or null with errno set.</summary>
    public static SafeFileHandle? OpenForReading(string path)
    {
        var fd = Open(path, OpenKeyFlags);
        return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Whether the open <paramref name="file"/> is a regular file (not a directory, FIFO, device or socket).</summary>
    public static bool IsRegularFile(SafeFileHandle file)
    {
        var added = false;
        file.DangerousAddRef(ref added);
        try
        {
            var fd = (int)file.DangerousGetHandle();
            return FileType(OperatingSystem.IsLinux() ? (buffer => Statx(fd, string.Empty, AtEmptyPath, StatxType, buffer)) : (buffer => Fstat(fd, buffer)))
                is RegularFile;
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    /// <summary>Whether <paramref name="path"/> itself, not what a link there points to, is a regular file; false when it cannot be examined.</summary>
    public static bool IsRegularFile(string path) =>
        FileType(OperatingSystem.IsLinux() ? (buffer => Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer)) : (buffer => Lstat(path, buffer)))
            is RegularFile;

    /// <summary>Flushes a directory's entries to stable storage, so that a link or unlink in it survives a crash.</summary>
    /// <remarks>.NET refuses to open a directory as a file handle, hence the raw descriptor.</remarks>
    public static void SyncDirectory(string path)
    {
        var fd = Open(path, OpenDirectoryFlags);
        if (fd < 0)
        {
            throw GoErrorText.PathError("open", path, Marshal.GetLastPInvokeError());
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw GoErrorText.PathError("sync", path, Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>The S_IFMT bits a stat call fills in, or -1 when it fails.</summary>
    /// <remarks>
    /// statx(2) has one layout on every Linux architecture (stx_mode at byte 28), where struct stat has
    /// several; macOS has one struct stat (st_mode at byte 4).
    /// </remarks>
    private static int FileType(Func<nint, int> stat)
    {
        var buffer = stackalloc byte[StatBufferSize];
        if (stat((nint)buffer) != 0)
        {
            return -1;
        }

        var mode = *(ushort*)(buffer + (OperatingSystem.IsLinux() ? 28 : 4));
        return mode & FileTypeMask;
    }

    // open(2) is variadic, but the mode argument is read only with O_CREAT, which is never passed here.
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, nint buffer);

    [LibraryImport("libc", EntryPoint = "fstat", SetLastError = true)]
    private static partial int Fstat(int fd, nint buffer);

    [LibraryImport("libc", EntryPoint = "lstat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Lstat(string path, nint buffer);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
