using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Kes.Api.Cli.Server;

/// <summary>Refuses an embedded-default folder or file that another user owns or could read or change, since whoever plants <c>admin.key</c> or <c>server.key</c> there controls the server.</summary>
/// <remarks>
/// Paths are checked after symbolic links are followed: what matters is the file the server reads.
/// Ownership is checked on Linux (statx); elsewhere only the mode is.
/// </remarks>
[UnsupportedOSPlatform("windows")]
internal static partial class DataFolderAccess
{
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private const UnixFileMode GroupOrOtherWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>A folder that holds secrets: owned by the server's user, mode 0700.</summary>
    public static void RequirePrivateFolder(string path)
    {
        var mode = RequireOwned(path);
        if ((mode & GroupOrOther) != 0)
        {
            throw Refused($"'{path}' has mode {Octal(mode)}, but it holds secrets and must be accessible by its owner only (0700). Fix: chmod 700 '{path}'");
        }
    }

    /// <summary>A file that holds a secret (a private key, the admin API key): owned by the server's user, mode 0600.</summary>
    public static void RequireSecretFile(string path)
    {
        var mode = RequireOwned(path);
        if ((mode & GroupOrOther) != 0)
        {
            throw Refused($"'{path}' has mode {Octal(mode)}, but it holds a secret and must be readable and writable by its owner only (0600). Fix: chmod 600 '{path}'");
        }
    }

    /// <summary>A certificate: anyone may read it, but only the server's user may change it.</summary>
    public static void RequirePublicFile(string path)
    {
        var mode = RequireOwned(path);
        if ((mode & GroupOrOtherWrite) != 0)
        {
            throw Refused($"'{path}' has mode {Octal(mode)}, but only its owner may write it (0644 at most). Fix: chmod 644 '{path}'");
        }
    }

    private static UnixFileMode RequireOwned(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return File.GetUnixFileMode(path);
        }

        Span<byte> buffer = stackalloc byte[StatxSize];
        if (Statx(AtCurrentDirectory, path, 0, StatxMode | StatxUid, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"cannot read the owner and mode of '{path}': {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        var owner = MemoryMarshal.Read<uint>(buffer[UidOffset..]);
        var user = EffectiveUserId();
        if (owner != user)
        {
            throw Refused($"'{path}' is owned by uid {owner}, not by uid {user} that runs the server, so another user may have planted it. Fix: if you trust its contents, chown {user} '{path}'; otherwise remove it and start again");
        }

        return (UnixFileMode)(MemoryMarshal.Read<ushort>(buffer[ModeOffset..]) & 0xFFF);
    }

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode, 8).PadLeft(3, '0');

    private static UnauthorizedAccessException Refused(string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"refusing the embedded default's data: {message}"));

    // struct statx has the same layout on every Linux architecture (linux/stat.h), unlike struct stat.
    private const int StatxSize = 256;
    private const int UidOffset = 20;
    private const int ModeOffset = 28;
    private const int AtCurrentDirectory = -100;
    private const uint StatxMode = 0x2;
    private const uint StatxUid = 0x8;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref byte buffer);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint EffectiveUserId();
}
