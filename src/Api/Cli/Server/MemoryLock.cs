using System.Runtime.InteropServices;

namespace Kes.Api.Cli.Server;

/// <summary><c>mlockall</c>: keeps the process's memory, and so every key in it, out of swap.</summary>
public static partial class MemoryLock
{
    private const int McdCurrent = 1;
    private const int McdFuture = 2;
    private const int McdOnFault = 4;

    /// <summary>The message when the system refuses, naming the capability that allows it.</summary>
    public const string RefusedHelp =
        "failed to lock RAM pages: the system refused mlockall. Run as root or grant the capability with 'setcap cap_ipc_lock=+ep <path to kes>' (CAP_IPC_LOCK)";

    /// <summary>Locks current and future pages (future ones as they are touched, so the GC's address-space reservations stay cheap). False off Linux or when refused.</summary>
    public static bool TryLockAll(out int errno)
    {
        errno = 0;
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        if (MlockAll(McdCurrent | McdFuture | McdOnFault) == 0)
        {
            return true;
        }

        errno = Marshal.GetLastPInvokeError();
        return false;
    }

    [LibraryImport("libc", EntryPoint = "mlockall", SetLastError = true)]
    private static partial int MlockAll(int flags);
}
