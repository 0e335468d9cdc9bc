using System.Globalization;
using System.Runtime.InteropServices;

namespace Kes.Infrastructure.KeyStores.FileSystem;

/// <summary>I/O failures worded as Go words them, so the error log reads like upstream's (<c>open /keys/k: permission denied</c>).</summary>
/// <remarks>
/// Go prints an <c>os.PathError</c> as <c>&lt;op&gt; &lt;path&gt;: &lt;errno text&gt;</c>, with its own
/// lower-case errno texts; .NET's messages (<c>Access to the path … is denied.</c>) are not what an
/// operator of upstream searches for. On Unix .NET puts the errno of an <see cref="IOException"/> in its
/// HResult, and turns a few errnos into dedicated exception types, which map back here.
/// </remarks>
internal static class GoErrorText
{
    // Go's texts on Linux (syscall.Errno.Error), by Linux errno number.
    private static readonly Dictionary<int, string> LinuxTexts = new()
    {
        [1] = "operation not permitted",
        [2] = "no such file or directory",
        [4] = "interrupted system call",
        [5] = "input/output error",
        [6] = "no such device or address",
        [9] = "bad file descriptor",
        [11] = "resource temporarily unavailable",
        [12] = "cannot allocate memory",
        [13] = "permission denied",
        [16] = "device or resource busy",
        [17] = "file exists",
        [18] = "invalid cross-device link",
        [19] = "no such device",
        [20] = "not a directory",
        [21] = "is a directory",
        [22] = "invalid argument",
        [23] = "too many open files in system",
        [24] = "too many open files",
        [26] = "text file busy",
        [27] = "file too large",
        [28] = "no space left on device",
        [30] = "read-only file system",
        [31] = "too many links",
        [36] = "file name too long",
        [39] = "directory not empty",
        [40] = "too many levels of symbolic links",
        [116] = "stale NFS file handle",
        [122] = "disk quota exceeded",
    };

    /// <summary>Go's text for <paramref name="errno"/>: <c>permission denied</c>, <c>no space left on device</c>, ….</summary>
    public static string Of(int errno)
    {
        if (OperatingSystem.IsLinux() && LinuxTexts.TryGetValue(errno, out var text))
        {
            return text;
        }

        // Elsewhere Go's texts are the C library's, first letter lowered.
        var message = Marshal.GetPInvokeErrorMessage(errno);
        return message.Length == 0 ? "errno " + errno.ToString(CultureInfo.InvariantCulture) : char.ToLowerInvariant(message[0]) + message[1..];
    }

    /// <summary>Go's text for the errno behind a .NET I/O exception, or its message when it carries none.</summary>
    public static string Of(Exception exception) => exception switch
    {
        UnauthorizedAccessException => Of(Errno.PermissionDenied),
        FileNotFoundException or DirectoryNotFoundException => Of(Errno.NoSuchFile),
        PathTooLongException => Of(Errno.NameTooLong),
        IOException { HResult: > 0 and < 4096 } io => Of(io.HResult),
        _ => exception.Message,
    };

    /// <summary>An <see cref="IOException"/> worded as Go's <c>os.PathError</c>: <c>open /keys/k: permission denied</c>.</summary>
    public static IOException PathError(string operation, string path, int errno) =>
        new($"{operation} {path}: {Of(errno)}", errno);

    /// <summary>The same for a failure .NET reported as an exception, which stays the inner exception.</summary>
    public static IOException PathError(string operation, string path, Exception exception) =>
        new($"{operation} {path}: {Of(exception)}", exception);
}
