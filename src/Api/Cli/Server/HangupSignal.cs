using System.Runtime.InteropServices;

namespace Kes.Api.Cli.Server;

/// <summary>SIGHUP means "reload" to KES, even for a server started with SIGHUP ignored (under <c>nohup</c>), as Go's signal.Notify makes it for upstream.</summary>
public static partial class HangupSignal
{
    private const int SigHup = 1;
    private static readonly IntPtr DefaultAction = IntPtr.Zero;

    /// <summary>Restores the default SIGHUP disposition, so that the runtime installs its handler when the reload is registered.</summary>
    public static void Unignore()
    {
        if (OperatingSystem.IsLinux())
        {
            _ = Signal(SigHup, DefaultAction);
        }
    }

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial IntPtr Signal(int signal, IntPtr handler);
}
