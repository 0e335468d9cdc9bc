// OpenSSL decrypts each TLS record in place in the connection's own read buffer and leaves the plaintext there
// until the next record overwrites it, so a connection's last request (an imported key, an encrypt plaintext)
// would stay in the process in clear for as long as the connection idles. OpenSSL 3 cleanses that buffer as soon
// as the data is handed over when SSL_OP_CLEANSE_PLAINTEXT is set, but .NET neither sets it nor exposes the
// connection's handle. The TLS stream keeps the handle in a private field: we read it by reflection on a field
// named in code (the trimmer keeps it, so Native AOT reads it too), check it is OpenSSL's handle type, and set the
// option. Anywhere that is not so (another runtime layout, OpenSSL 1.1, not Linux) nothing is touched and the
// caller is told, so the server can say once that TLS plaintext stays in OpenSSL's buffer (docs/crypto.md §7.4).
using System.Net.Security;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Kes.Api.Http.Buffers;

/// <summary>Asks OpenSSL to cleanse the plaintext of every record it decrypts for a TLS connection.</summary>
public static partial class OpenSslPlaintextCleansing
{
    private const ulong CleansePlaintext = 1UL << 1;

    private static readonly FieldInfo? SecurityContext = OperatingSystem.IsLinux()
        ? typeof(SslStream).GetField("_securityContext", BindingFlags.NonPublic | BindingFlags.Instance)
        : null;

    /// <summary>Sets the option on <paramref name="stream"/>'s OpenSSL connection; false when it could not be done.</summary>
    public static bool TryEnable(SslStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (SecurityContext?.GetValue(stream) is not SafeHandle { IsInvalid: false } handle || handle.GetType().Name != "SafeSslHandle")
        {
            return false;
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return (SetOptions(handle.DangerousGetHandle(), CleansePlaintext) & CleansePlaintext) != 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    [LibraryImport("libssl.so.3", EntryPoint = "SSL_set_options")]
    private static partial ulong SetOptions(nint ssl, ulong options);
}
