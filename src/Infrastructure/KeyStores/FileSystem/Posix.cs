using System.Runtime.InteropServices;

namespace Kes.Infrastructure.KeyStores.FileSystem;

/// <summary>The few POSIX calls .NET does not expose: a hard link that refuses to overwrite, an unlink that reports a missing file, and fsync of a directory.</summary>
internal static partial class Posix
{
    public const int NoSuchFile = 2;      // ENOENT, the same on Linux and macOS
    public const int AlreadyExists = 17;  // EEXIST, the same on Linux and macOS

    // O_RDONLY | O_CLOEXEC: the descriptor only serves fsync and must not leak into a child process.
    private static readonly int OpenDirectoryFlags = OperatingSystem.IsMacOS() ? 0x1000000 : OperatingSystem.IsLinux() ? 0x80000 : 0;

    /// <summary>link(2): 0, or -1 with errno (EEXIST when <paramref name="newPath"/> exists, which it never replaces).</summary>
    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Link(string existingPath, string newPath);

    /// <summary>unlink(2): 0, or -1 with errno (ENOENT when nothing has that name).</summary>
    [LibraryImport("libc", EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Unlink(string path);

    /// <summary>Flushes a directory's entries to stable storage, so that a link or unlink in it survives a crash.</summary>
    /// <remarks>.NET refuses to open a directory as a file handle, hence the raw descriptor.</remarks>
    public static void SyncDirectory(string path)
    {
        var fd = Open(path, OpenDirectoryFlags);
        if (fd < 0)
        {
            throw LastError($"fs: cannot open '{path}'");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw LastError($"fs: cannot sync '{path}'");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>An <see cref="IOException"/> that names the errno of the last failed call.</summary>
    public static IOException LastError(string context) => Error(context, Marshal.GetLastPInvokeError());

    /// <summary>An <see cref="IOException"/> that names <paramref name="errno"/>.</summary>
    public static IOException Error(string context, int errno) =>
        new($"{context}: {Marshal.GetPInvokeErrorMessage(errno)}");

    // open(2) is variadic, but the mode argument is read only with O_CREAT, which is never passed here.
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
