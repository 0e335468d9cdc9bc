namespace Kes.Infrastructure.KeyStores.FileSystem;

/// <summary>The errno values the fs keystore tells apart; the same numbers on Linux and macOS.</summary>
internal static class Errno
{
    public const int NoSuchFile = 2;           // ENOENT
    public const int PermissionDenied = 13;    // EACCES
    public const int AlreadyExists = 17;       // EEXIST

    /// <summary>ENAMETOOLONG: 36 on Linux, 63 on macOS and the BSDs.</summary>
    public static int NameTooLong => OperatingSystem.IsLinux() ? 36 : 63;

    /// <summary>ELOOP, what open(2) with O_NOFOLLOW answers for a symbolic link: 40 on Linux, 62 on macOS and the BSDs.</summary>
    public static int SymbolicLink => OperatingSystem.IsLinux() ? 40 : 62;
}
