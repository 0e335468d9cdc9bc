using System.Net;

namespace Kes.IntegrationTests.Server;

/// <summary>HTTP/1.1 and HTTP/2 give the same status and body for the same request (docs/api.md §1).</summary>
public sealed class ProtocolParityTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private KesTestServer Server => shared.Server;

    [Theory]
    [InlineData("1.1", "big-h1")]
    [InlineData("2.0", "big-h2")]
    public async Task A_2_mb_body_on_create_is_ignored_and_answered_200_on_both_protocols(string version, string name)
    {
        var client = Server.Admin(Version.Parse(version));
        using var response = await client.SendAsync("POST", "/v1/key/create/" + name, new ByteArrayContent(new byte[2 * 1024 * 1024]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var described = await client.GetAsync("/v1/key/describe/" + name);
        Assert.Equal(HttpStatusCode.OK, described.StatusCode);
    }

    [Fact]
    public async Task A_2_mb_body_on_create_over_http2_ends_the_stream_without_a_reset()
    {
        var exchange = await RawHttp2.SendAsync(Server, Server.Identities.Admin, "POST", "/v1/key/create/big-raw-h2", new byte[2 * 1024 * 1024]);
        Assert.Equal((byte)0x88, exchange.StatusByte);
        Assert.True(exchange.Ended);
        Assert.Null(exchange.ResetCode);
    }

    [Theory]
    [InlineData("/v1/key/create/big-raw-denied")]
    [InlineData("/v1/nowhere")]
    public async Task A_2_mb_body_on_a_refused_request_over_http2_ends_the_stream_without_a_reset(string path)
    {
        var exchange = await RawHttp2.SendAsync(Server, Server.Identities.Unknown, "POST", path, new byte[2 * 1024 * 1024]);
        Assert.NotNull(exchange.StatusByte);
        Assert.True(exchange.Ended);
        Assert.Null(exchange.ResetCode);
    }
}
