using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Kes.Api.Http.Buffers;
using Kes.Api.Http.Tls;
using Kes.IntegrationTests.Server;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace Kes.IntegrationTests.Memory;

/// <summary>The parts behind the memory-dump test, each on its own: Kestrel's buffers come from the zeroing pool, and OpenSSL takes the cleanse option.</summary>
public sealed class TlsPlaintextHygieneTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Kestrel_takes_every_buffer_of_a_request_from_the_zeroing_pool(int major)
    {
        await using var server = await KesTestServer.StartAsync();
        var factory = Assert.IsType<ZeroingBlockPoolFactory>(server.Services.GetRequiredService<IMemoryPoolFactory<byte>>());
        var before = factory.Pools.Sum(p => p.Rented);

        var admin = server.Admin(new Version(major, major == 1 ? 1 : 0));
        await Reply.EmptyAsync(await admin.SendAsync("POST", "/v1/key/create/pooled", string.Empty));
        await Reply.JsonAsync(await admin.SendAsync("PUT", "/v1/key/generate/pooled", "{}"));

        Assert.NotEmpty(factory.Pools);
        Assert.True(factory.Pools.Sum(p => p.Rented) > before, "Kestrel rented no block from the zeroing pool");
        Assert.DoesNotContain("cleanse", server.Stderr.ToString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task OpenSsl_takes_the_cleanse_option_and_the_buffer_release_mode_on_a_live_TLS_connection()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), ".NET uses OpenSSL for TLS on Linux only");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var certificate = TestCertificates.Server();
        var accept = Task.Run(async () =>
        {
            using var socket = await listener.AcceptTcpClientAsync();
            await using var tls = new SslStream(socket.GetStream());
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate });
            return OpenSslConnection.CleanseAndReleaseBuffers(tls);
        });

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        await using var clientTls = new SslStream(client.GetStream(), false, (_, presented, _, _) => presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(certificate.RawData));
        await clientTls.AuthenticateAsClientAsync("localhost");

        Assert.True(await accept);
    }
}
