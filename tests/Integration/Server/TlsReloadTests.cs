using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Kes.Api.Hosting;

namespace Kes.IntegrationTests.Server;

/// <summary>Certificate rotation and client-certificate mode changes reach new connections without a restart (docs/config.md §4.3, §6).</summary>
public sealed class TlsReloadTests : IAsyncLifetime
{
    private KesTestServer _server = null!;

    public async Task InitializeAsync() => _server = await KesTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_swapped_certificate_is_served_to_the_next_connection()
    {
        var rotated = TestCertificates.Server();
        Assert.Equal(_server.ServerCertificate.Thumbprint, (await PresentedCertificateAsync()).Thumbprint);

        Assert.True(await _server.Host.ReloadCertificateAsync(() => new TlsState(rotated, [], verify: false, [], certificateOptional: false)));

        Assert.Equal(rotated.Thumbprint, (await PresentedCertificateAsync()).Thumbprint);
    }

    [Fact]
    public async Task Relaxing_the_client_certificate_mode_lets_a_client_without_one_complete_the_handshake()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => _server.Client(null).GetAsync("/version"));

        Assert.True(await _server.Host.ReloadCertificateAsync(() => new TlsState(_server.ServerCertificate, [], verify: false, [], certificateOptional: true)));

        var response = await _server.Client(null).GetAsync("/v1/status");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("{\"message\":\"tls: client certificate is required\"\n}", await response.Content.ReadAsStringAsync());
    }

    private async Task<X509Certificate2> PresentedCertificateAsync()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _server.BaseAddress.Port);
        X509Certificate? presented = null;
        // The test only records which certificate the server presents; which one is expected is asserted by the caller.
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) =>
        {
            presented = certificate;
            return certificate is not null;
        });
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ClientCertificates = [_server.Identities.Admin],
        });
        return X509CertificateLoader.LoadCertificate(presented!.GetRawCertData());
    }
}
