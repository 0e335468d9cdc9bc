using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Kes.Infrastructure.Crypto;

/// <summary>Random bytes drawn from the kernel at the moment they are used: data keys, ivs and nonces.</summary>
/// <remarks>
/// Nothing is drawn ahead of time, so no memory holds a data key or iv before it is issued, and a process
/// cloned by a VM snapshot or checkpoint/restore does not hand out the same bytes twice.
/// On Linux the bytes come straight from getrandom(2) rather than from a user-space generator whose state
/// a clone would share; elsewhere the platform CSPRNG fills them.
/// </remarks>
public static partial class OsRandom
{
    private const int Eintr = 4;
    private static readonly bool UseGetRandom = OperatingSystem.IsLinux();

    /// <summary>Fills <paramref name="destination"/> with fresh random bytes.</summary>
    public static unsafe void Fill(Span<byte> destination)
    {
        if (!UseGetRandom)
        {
            RandomNumberGenerator.Fill(destination);
            return;
        }

        fixed (byte* start = destination)
        {
            var filled = 0;
            while (filled < destination.Length)
            {
                var read = GetRandom(start + filled, (nuint)(destination.Length - filled), 0);
                if (read > 0)
                {
                    filled += (int)read;
                }
                else if (Marshal.GetLastPInvokeError() != Eintr)
                {
                    throw new CryptographicException("getrandom failed with errno " + Marshal.GetLastPInvokeError());
                }
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "getrandom", SetLastError = true)]
    private static unsafe partial nint GetRandom(byte* buffer, nuint length, uint flags);
}
