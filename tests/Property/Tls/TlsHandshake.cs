using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Kes.PropertyTests.Tls;

/// <summary>Runs one real TLS handshake over loopback with the given server certificate and returns what the client saw.</summary>
internal static class TlsHandshake
{
    public static async Task<byte[]> ServerCertificateSeenByClientAsync(X509Certificate2 serverCertificate)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var server = Task.Run(async () =>
        {
            using var socket = await listener.AcceptTcpClientAsync(timeout.Token);
            await using var tls = new SslStream(socket.GetStream());
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = serverCertificate }, timeout.Token);
            await tls.WriteAsync(new byte[] { 42 }, timeout.Token);
        });

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
        byte[]? seen = null;

        // The certificates are self-signed: the client pins the exact bytes it expects instead of a chain.
        var expected = serverCertificate.RawData;
        await using var clientTls = new SslStream(client.GetStream(), false, (_, certificate, _, _) =>
        {
            seen = certificate?.GetRawCertData();
            return seen is not null && seen.AsSpan().SequenceEqual(expected);
        });
        await clientTls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, timeout.Token);
        var buffer = new byte[1];
        await clientTls.ReadExactlyAsync(buffer, timeout.Token);
        await server;
        Assert.Equal(42, buffer[0]);
        return seen ?? throw new InvalidOperationException("the client saw no certificate");
    }
}
