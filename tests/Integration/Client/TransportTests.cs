using System.Net;
using System.Text;
using Kes.Client.Errors;
using Kes.Client.Http;

namespace Kes.IntegrationTests.Client;

public sealed class TransportTests
{
    private static readonly Uri Local = new("https://localhost:7373");
    private static readonly Uri Remote = new("https://kes.example:7373");

    [Fact]
    public void Localhost_is_tried_first_until_it_fails_and_again_after_the_penalty()
    {
        var time = new ManualTime();
        var rotation = new EndpointRotation([Remote, new Uri("https://kes2.example:7373"), Local], TimeSpan.FromSeconds(30), time);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(2, rotation.Order()[0]);
        }

        rotation.MarkFailed(2);
        Assert.Equal(2, rotation.Order()[^1]);
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(2, rotation.Order()[^1]);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, rotation.Order()[0]);
    }

    [Fact]
    public void Remote_endpoints_rotate_from_a_random_start()
    {
        var rotation = new EndpointRotation([Remote, new Uri("https://kes2.example:7373"), new Uri("https://kes3.example:7373")], TimeSpan.FromSeconds(30), new ManualTime());
        var firsts = Enumerable.Range(0, 200).Select(_ => rotation.Order()[0]).ToHashSet();
        Assert.Equal(3, firsts.Count);
    }

    [Theory]
    [InlineData(500, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(501, false)]
    [InlineData(404, false)]
    [InlineData(400, false)]
    public async Task Only_5xx_other_than_501_moves_to_the_next_endpoint(int status, bool failsOver)
    {
        var handler = new ScriptedHandler(request => request.RequestUri!.Host == "localhost"
            ? Reply(status, "application/json", "{\"message\":\"local says no\"\n}")
            : Reply(200, "application/json", "{\"version\":\"v\",\"commit\":\"c\"}\n"));
        using var transport = new KesTransport(handler, new EndpointRotation([Remote, Local], TimeSpan.FromSeconds(30), new ManualTime()), plainScheme: false, Timeout.InfiniteTimeSpan);
        if (failsOver)
        {
            using var response = await transport.SendAsync(HttpMethod.Get, "/version", null, CancellationToken.None);
            Assert.Equal(["localhost", "kes.example"], handler.Hosts);
        }
        else
        {
            var error = await Assert.ThrowsAsync<KesClientException>(() => transport.SendAsync(HttpMethod.Get, "/version", null, CancellationToken.None));
            Assert.Equal(new KesClientError(status, "local says no"), error.Error);
            Assert.Equal(["localhost"], handler.Hosts);
        }
    }

    [Fact]
    public async Task The_last_endpoints_5xx_is_the_error_when_all_fail()
    {
        var handler = new ScriptedHandler(_ => Reply(502, "application/json", "{\"message\":\"failed to read key\"\n}"));
        using var transport = new KesTransport(handler, new EndpointRotation([Remote, Local], TimeSpan.FromSeconds(30), new ManualTime()), plainScheme: false, Timeout.InfiniteTimeSpan);
        var error = await Assert.ThrowsAsync<KesClientException>(() => transport.SendAsync(HttpMethod.Get, "/v1/key/describe/k", null, CancellationToken.None));
        Assert.Equal(new KesClientError(502, "failed to read key"), error.Error);
        Assert.Equal(2, handler.Hosts.Count);
    }

    [Theory]
    [InlineData("text/plain; charset=utf-8", "404 page not found\n", 404, "404 page not found\n")]
    [InlineData("application/json", "{\"error\":\"from an old server\"}", 400, "from an old server")]
    [InlineData("application/json", "{\"message\":\"key does already exist\"}", 400, "key already exists")]
    [InlineData("application/json", "{\"message\":\"prohibited by policy\"}", 403, "not authorized: insufficient permissions")]
    public async Task Error_bodies_are_read_as_kms_go_reads_them(string contentType, string body, int status, string message)
    {
        var handler = new ScriptedHandler(_ => Reply(status, contentType, body));
        using var transport = new KesTransport(handler, new EndpointRotation([Remote], TimeSpan.FromSeconds(30), new ManualTime()), plainScheme: false, Timeout.InfiniteTimeSpan);
        var error = await Assert.ThrowsAsync<KesClientException>(() => transport.SendAsync(HttpMethod.Get, "/v1/key/list", null, CancellationToken.None));
        Assert.Equal(new KesClientError(status, message), error.Error);
    }

    [Fact]
    public async Task Replies_are_read_up_to_the_limit_only()
    {
        using var content = new ByteArrayContent(new byte[3 << 20]);
        using var body = await ResponseBody.ReadAsync(content, ResponseBody.DefaultLimit, CancellationToken.None);
        Assert.Equal(1 << 20, body.Length);
    }

    [Theory]
    [InlineData("", "/v1/key/list")]
    [InlineData("*", "/v1/key/list/%2A")]
    [InlineData("my-key", "/v1/key/list/my-key")]
    [InlineData("a b/c", "/v1/key/list/a%20b%2Fc")]
    public void Paths_are_joined_and_escaped_as_go_does(string argument, string path) =>
        Assert.Equal(path, GoPathEscape.Join("/v1/key/list", argument));

    [Theory]
    [InlineData("127.0.0.1:7373", "https://127.0.0.1:7373/")]
    [InlineData("http://kes:7373", "https://kes:7373/")]
    [InlineData("https://kes", "https://kes/")]
    public void Endpoints_become_https(string value, string expected) =>
        Assert.Equal(new Uri(expected), KesEndpoint.Parse(value));

    private static HttpResponseMessage Reply(int status, string contentType, string body)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return new HttpResponseMessage((HttpStatusCode)status) { Content = content };
    }

    private sealed class ScriptedHandler(Func<HttpRequestMessage, HttpResponseMessage> reply) : HttpMessageHandler
    {
        public List<string> Hosts { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Hosts.Add(request.RequestUri!.Host);
            return Task.FromResult(reply(request));
        }
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
