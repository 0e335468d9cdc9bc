using System.Net;

namespace Kes.IntegrationTests.Server;

/// <summary>Request targets outside the usual origin form, answered as Go's server answers them (docs/api.md §2.2).</summary>
public sealed class RequestTargetTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private KesTestServer Server => shared.Server;

    [Fact]
    public async Task Options_star_is_200_with_an_empty_body()
    {
        var response = await RawHttp.SendAsync(Server, Server.Identities.Unknown, "OPTIONS * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", response, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Length: 0\r\n", response, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n", response, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("elsewhere.example")]
    public async Task An_absolute_form_target_is_routed_by_its_path(string authority)
    {
        var response = await RawHttp.SendAsync(Server, Server.Identities.Admin, $"GET https://{authority}/v1/ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_absolute_form_target_with_an_unclean_path_is_redirected_to_the_clean_path()
    {
        var response = await RawHttp.SendAsync(Server, Server.Identities.Unknown, "GET https://localhost//v1/status?x=1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 301 Moved Permanently\r\n", response, StringComparison.Ordinal);
        Assert.Contains("\r\nLocation: /v1/status?x=1\r\n", response, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/key/describe/.", "/v1/key/describe/")]
    [InlineData("/v1/key/list/.", "/v1/key/list/")]
    [InlineData("/v1/key/list/..", "/v1/key")]
    [InlineData("/v1/key/create/./", "/v1/key/create/")]
    [InlineData("/v1/policy/list/a/..", "/v1/policy/list/")]
    public async Task A_dot_segment_that_cleans_to_a_subtree_prefix_is_redirected_to_the_prefix_with_its_slash(string path, string location)
    {
        var response = await Server.Client(Server.Identities.Unknown).SendAsync("GET", path);
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(location, response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task A_very_long_key_name_is_the_json_400_of_the_name_rule(string version)
    {
        // Longer than Kestrel's default request line (8 KiB), which answered an empty 414.
        var name = new string('a', 10_000);
        var client = Server.Client(Server.Identities.Admin, Version.Parse(version));
        var response = await client.SendAsync("GET", "/v1/key/describe/" + name);
        await Reply.ErrorAsync(response, 400, $"key name '{name}' is empty, too long or contains invalid characters");
    }

    [Theory]
    [InlineData("GET //?\u0001 HTTP/1.1")]
    [InlineData("GET /v1/key/list/?a\u007f HTTP/1.1")]
    [InlineData("GET /v1/status?\u001f HTTP/1.1")]
    [InlineData("GET /v1/key/describe/k?x=\u0009y HTTP/1.1")]
    public async Task A_control_byte_in_the_target_is_Go_s_400_and_no_error_record(string requestLine)
    {
        // Kestrel lets control bytes through in the query; Go refuses any target with one (url.ParseRequestURI).
        var response = await RawHttp.SendAsync(Server, Server.Identities.Admin, requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", response, StringComparison.Ordinal);
        Assert.Contains("\r\nContent-Type: text/plain; charset=utf-8\r\n", response, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n400 Bad Request", response, StringComparison.Ordinal);
        Assert.DoesNotContain("unhandled error", Server.Stderr.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("//?\u0001")]
    [InlineData("/v1/key/list/?a\u007f")]
    public async Task A_control_byte_in_an_HTTP2_path_is_Go_s_400(string path)
    {
        var response = await RawHttp2.SendAsync(Server, Server.Identities.Admin, "GET", path, []);
        Assert.Equal((byte)0x8C, response.StatusByte); // HPACK's indexed :status 400
        Assert.Equal("400 Bad Request", System.Text.Encoding.ASCII.GetString(response.Body));
        Assert.DoesNotContain("unhandled error", Server.Stderr.ToString(), StringComparison.Ordinal);
    }
}
