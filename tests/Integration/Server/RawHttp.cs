using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Kes.IntegrationTests.Server;

/// <summary>Sends one HTTP/1.1 request written by hand over TLS, for request shapes HttpClient never sends (<c>OPTIONS *</c>, absolute-form targets).</summary>
public static class RawHttp
{
    /// <summary>Sends <paramref name="request"/> (its head must ask for <c>Connection: close</c>) and returns the whole response as text.</summary>
    public static async Task<string> SendAsync(KesTestServer server, X509Certificate2 certificate, string request)
    {
        await using var tls = await ConnectAsync(server, certificate, SslApplicationProtocol.Http11);
        await tls.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var response = new MemoryStream();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await tls.CopyToAsync(response, limit.Token);
        return Encoding.UTF8.GetString(response.ToArray());
    }

    /// <summary>A TLS connection to <paramref name="server"/> that presents <paramref name="certificate"/> and offers only <paramref name="protocol"/>; disposing it closes the socket.</summary>
    public static async Task<SslStream> ConnectAsync(KesTestServer server, X509Certificate2 certificate, SslApplicationProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(server);
        var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(IPAddress.Loopback, server.BaseAddress.Port);
            var tls = new SslStream(tcp.GetStream(), false, (_, presented, _, _) =>
                presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(server.ServerCertificate.RawData));
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                ClientCertificates = [certificate],
                ApplicationProtocols = [protocol],
            });
            return tls;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }
}
