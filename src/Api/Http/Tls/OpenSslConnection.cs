// On Linux .NET's TLS stream runs on OpenSSL but leaves three connection settings alone that Kes.NET needs, and
// exposes no handle to set them:
// - SSL_OP_CLEANSE_PLAINTEXT (OpenSSL 3): OpenSSL decrypts each record in place in its read buffer and keeps the
//   plaintext there until the next record overwrites it, so a connection's last request (an imported key, an
//   encrypt plaintext) would stay in clear while the connection idles (docs/crypto.md §7.4);
// - SSL_MODE_RELEASE_BUFFERS: without it every connection keeps about 34 KB of record buffers for its whole
//   life, which is most of what an idle connection costs (bench/RESULTS.md);
// - SSL_VERIFY_FAIL_IF_NO_PEER_CERT: without it OpenSSL completes a handshake that carried no client
//   certificate, .NET refuses it afterwards and closes without the alert TLS defines (docs/api.md §1).
// The stream keeps the handle in a private field: we read it by reflection on a field named in code (the trimmer
// keeps it, so Native AOT reads it too) and touch it only when it holds OpenSSL's handle type. Anywhere that is
// not so (another runtime layout, OpenSSL 1.1, not Linux) nothing is touched and the caller is told.
using System.Net.Security;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Kes.Api.Http.Tls;

/// <summary>The OpenSSL connection behind a .NET TLS stream on Linux, for the three settings .NET does not make.</summary>
public static partial class OpenSslConnection
{
    /// <summary>The OpenSSL 3 library .NET loads on Linux, which every call into OpenSSL here names.</summary>
    internal const string Library = "libssl.so.3";

    private const ulong CleansePlaintextOption = 1UL << 1;
    private const int ControlMode = 33;
    private const long ModeReleaseBuffers = 0x10;
    private const int VerifyPeer = 0x01;
    private const int VerifyFailIfNoPeerCertificate = 0x02;

    private static readonly FieldInfo? SecurityContext = OperatingSystem.IsLinux()
        ? typeof(SslStream).GetField("_securityContext", BindingFlags.NonPublic | BindingFlags.Instance)
        : null;

    /// <summary>Once the handshake is done: OpenSSL cleanses every record it decrypts as soon as it is handed over, and frees its record buffers whenever the connection idles; false when it could not be done.</summary>
    public static bool CleanseAndReleaseBuffers(SslStream stream) =>
        TryApply(stream, static ssl =>
            (SetOptions(ssl, CleansePlaintextOption) & CleansePlaintextOption) != 0
            && (Control(ssl, ControlMode, ModeReleaseBuffers, 0) & ModeReleaseBuffers) != 0);

    /// <summary>While the handshake runs: makes OpenSSL fail it with the TLS alert when the client sends no certificate; false when it could not be done or no certificate is requested.</summary>
    public static bool FailWithoutClientCertificate(SslStream stream) =>
        TryApply(stream, static ssl =>
        {
            var mode = GetVerifyMode(ssl);
            if ((mode & VerifyPeer) == 0)
            {
                return false;
            }

            // .NET's own callback stays: it accepts every chain so that .NET can judge it after the handshake.
            SetVerify(ssl, mode | VerifyFailIfNoPeerCertificate, GetVerifyCallback(ssl));
            return true;
        });

    /// <summary>Runs <paramref name="apply"/> on the OpenSSL connection (<c>SSL*</c>) behind <paramref name="stream"/>; false when it is out of reach.</summary>
    internal static bool TryApply(SslStream stream, Func<nint, bool> apply)
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
            return apply(handle.DangerousGetHandle());
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

    [LibraryImport(Library, EntryPoint = "SSL_set_options")]
    private static partial ulong SetOptions(nint ssl, ulong options);

    [LibraryImport(Library, EntryPoint = "SSL_ctrl")]
    private static partial long Control(nint ssl, int command, long argument, nint pointer);

    [LibraryImport(Library, EntryPoint = "SSL_get_verify_mode")]
    private static partial int GetVerifyMode(nint ssl);

    [LibraryImport(Library, EntryPoint = "SSL_get_verify_callback")]
    private static partial nint GetVerifyCallback(nint ssl);

    [LibraryImport(Library, EntryPoint = "SSL_set_verify")]
    private static partial void SetVerify(nint ssl, int mode, nint callback);
}
