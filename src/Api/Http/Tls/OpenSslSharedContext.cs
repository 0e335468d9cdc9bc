// On Linux .NET's TLS stream gives every connection of one server certificate the same OpenSSL context (SSL_CTX), but
// only when no cipher-suite policy is set: with one it builds a context per connection, about 9 KB of native memory
// held for the connection's whole life (bench/RESULTS.md, "Per-connection memory"). The shared context is also where
// .NET turns TLS resumption on: a server session cache (OpenSSL's default of 20,480 sessions, each holding the
// client's certificate, kept after the connection closes) and tickets. This takes the shared context and gives it
// what each per-connection context had: our cipher suites, no session cache, no session tickets (docs/api.md §1).
// A client sees the same handshake as before; no session outlives its connection.
// The context is made by one handshake in memory before any client can connect, then set up, and that handshake's
// stream stays open: while it rents the context, .NET's cache cannot drop it and build an unconfigured one.
using System.Net.Security;
using System.Runtime.InteropServices;
using System.Text;

namespace Kes.Api.Http.Tls;

/// <summary>The OpenSSL context .NET shares between the TLS connections of one server certificate, set up as the per-connection contexts were.</summary>
public sealed partial class OpenSslSharedContext : IDisposable
{
    private const int ControlSetSessionCacheMode = 44;
    private const int ControlGetSessionCacheMode = 45;
    private const long SessionCacheOff = 0;
    private const ulong NoTicketOption = 1UL << 14;
    private static readonly TimeSpan HandshakeLimit = TimeSpan.FromSeconds(10);

    private readonly SslStream _anchor;

    private OpenSslSharedContext(SslStream anchor) => _anchor = anchor;

    /// <summary>
    /// Shares one context between the connections that get <paramref name="server"/> (which has no cipher-suite policy and
    /// allows resumption, so that .NET shares it) and limits it to <paramref name="suites"/>; null where that cannot be
    /// done (not OpenSSL 3, another runtime layout), and the caller keeps a context per connection.
    /// </summary>
    public static OpenSslSharedContext? TryCreate(SslServerAuthenticationOptions server, IReadOnlyList<TlsCipherSuite> suites)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(suites);
        if (!OperatingSystem.IsLinux() || server.CipherSuitesPolicy is not null || !server.AllowTlsResume
            || server.ServerCertificateContext?.TargetCertificate is not { } expected)
        {
            return null;
        }

        // .NET shares a context between the connections whose certificate, protocols and ALPN use agree; the rest of
        // the options is set per connection, so this handshake asks for no client certificate.
        var shared = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = server.ServerCertificateContext,
            EnabledSslProtocols = server.EnabledSslProtocols,
            ApplicationProtocols = server.ApplicationProtocols,
        };
        var (serverEnd, clientEnd) = MemoryDuplexStream.CreatePair();
        var anchor = new SslStream(serverEnd);
        using var client = new SslStream(clientEnd);
        try
        {
            var handshake = Task.WhenAll(
                anchor.AuthenticateAsServerAsync(shared),
                client.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    ApplicationProtocols = server.ApplicationProtocols,
                    RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetRawCertData().AsSpan().SequenceEqual(expected.RawData) == true,
                }));
            if (handshake.Wait(HandshakeLimit) && OpenSslConnection.TryApply(anchor, ssl => Configure(ssl, suites)))
            {
                return new OpenSslSharedContext(anchor);
            }
        }
        catch (AggregateException)
        {
            // The handshake failed: the caller keeps a context per connection.
        }

        anchor.Dispose();
        return null;
    }

    /// <inheritdoc />
    public void Dispose() => _anchor.Dispose();

    private static bool Configure(nint ssl, IReadOnlyList<TlsCipherSuite> suites)
    {
        var context = GetContext(ssl);
        if (context == 0)
        {
            return false;
        }

        // Set up already (another state with the same certificate): changing it now would race its connections.
        if (ContextControl(context, ControlGetSessionCacheMode, 0, 0) == SessionCacheOff)
        {
            return true;
        }

        if (!TryNames(ssl, suites, out var tls12, out var tls13)
            || SetCipherList(context, tls12) != 1
            || SetCipherSuites(context, tls13) != 1
            || (SetContextOptions(context, NoTicketOption) & NoTicketOption) == 0)
        {
            return false;
        }

        // Last, because it marks the context as set up.
        ContextControl(context, ControlSetSessionCacheMode, SessionCacheOff, 0);
        return ContextControl(context, ControlGetSessionCacheMode, 0, 0) == SessionCacheOff;
    }

    /// <summary>OpenSSL's names for <paramref name="suites"/>, TLS 1.2's and TLS 1.3's apart, each list joined with colons.</summary>
    private static bool TryNames(nint ssl, IReadOnlyList<TlsCipherSuite> suites, out string tls12, out string tls13)
    {
        var older = new StringBuilder();
        var newer = new StringBuilder();
        Span<byte> code = stackalloc byte[2];
        foreach (var suite in suites)
        {
            code[0] = (byte)((int)suite >> 8);
            code[1] = (byte)suite;
            var cipher = FindCipher(ssl, code);
            if (cipher == 0 || Marshal.PtrToStringUTF8(CipherName(cipher)) is not { Length: > 0 } name)
            {
                tls12 = tls13 = string.Empty;
                return false;
            }

            // TLS 1.3's suites are 0x13xx (RFC 8446 §B.4).
            var list = code[0] == 0x13 ? newer : older;
            list.Append(list.Length == 0 ? string.Empty : ":").Append(name);
        }

        tls12 = older.ToString();
        tls13 = newer.ToString();
        return true;
    }

    [LibraryImport(OpenSslConnection.Library, EntryPoint = "SSL_get_SSL_CTX")]
    private static partial nint GetContext(nint ssl);

    [LibraryImport(OpenSslConnection.Library, EntryPoint = "SSL_CTX_ctrl")]
    private static partial long ContextControl(nint context, int command, long argument, nint pointer);

    [LibraryImport(OpenSslConnection.Library, EntryPoint = "SSL_CTX_set_options")]
    private static partial ulong SetContextOptions(nint context, ulong options);

    [LibraryImport(OpenSslConnection.Library, EntryPoint = "SSL_CTX_set_cipher_list", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetCipherList(nint context, string ciphers);

    [LibraryImport(OpenSslConnection.Library, EntryPoint = "SSL_CTX_set_ciphersuites", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetCipherSuites(nint context, string suites);

    [LibraryImport(OpenSslConnection.Library, EntryPoint = "SSL_CIPHER_find")]
    private static partial nint FindCipher(nint ssl, ReadOnlySpan<byte> code);

    [LibraryImport(OpenSslConnection.Library, EntryPoint = "SSL_CIPHER_get_name")]
    private static partial nint CipherName(nint cipher);
}
