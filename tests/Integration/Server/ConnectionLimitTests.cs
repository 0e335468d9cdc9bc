using System.Net;
using System.Net.Security;
using System.Security.Authentication;

namespace Kes.IntegrationTests.Server;

/// <summary>The server holds at most its connection limit: one more is closed as it is accepted, and the connections it holds keep being served.</summary>
public sealed class ConnectionLimitTests
{
    private const int Limit = 4;

    [Fact]
    public async Task A_connection_beyond_the_limit_is_closed_while_an_open_one_keeps_being_served()
    {
        await using var server = await KesTestServer.StartAsync(settings => settings with { MaxConnections = Limit });
        using var minio = server.Admin(HttpVersion.Version20);
        Assert.Equal(HttpStatusCode.OK, (await minio.GetAsync(new Uri("/version", UriKind.Relative))).StatusCode);
        var stranger = server.Identities.Unknown;
        var held = new List<SslStream>();
        try
        {
            for (var i = 1; i < Limit; i++)
            {
                held.Add(await RawHttp.ConnectAsync(server, stranger, SslApplicationProtocol.Http2));
            }

            var refused = await Record.ExceptionAsync(() => RawHttp.ConnectAsync(server, stranger, SslApplicationProtocol.Http2));
            Assert.True(refused is IOException or AuthenticationException, $"the connection past the limit was not closed: {refused?.GetType().Name ?? "it completed its handshake"}");
            Assert.Equal(HttpStatusCode.OK, (await minio.GetAsync(new Uri("/version", UriKind.Relative))).StatusCode);

            await held[0].DisposeAsync();
            held.RemoveAt(0);
            using var newcomer = server.Admin(HttpVersion.Version20);
            var deadline = DateTime.UtcNow.AddSeconds(10);
            HttpResponseMessage? answer = null;
            while (answer is null)
            {
                try
                {
                    answer = await newcomer.GetAsync(new Uri("/version", UriKind.Relative));
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline)
                {
                    // The server counts the closed connection out when it has finished with it.
                    await Task.Delay(100);
                }
            }

            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
        finally
        {
            foreach (var connection in held)
            {
                await connection.DisposeAsync();
            }
        }
    }
}
