using System.Net;
using System.Text;

namespace Kes.IntegrationTests.Server;

/// <summary>Go ServeMux routing (docs/api.md §2.2) and the method check (§3 step 1), all before authentication.</summary>
public sealed class RoutingTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string NotFound = "404 page not found\n";

    private KesTestServer Server => shared.Server;

    public static TheoryData<string, string> UncleanPaths => new()
    {
        { "//v1/status", "/v1/status" },
        { "//v1/status?x=1&y=%2A", "/v1/status?x=1&y=%2A" },
        { "/v1//status", "/v1/status" },
        { "/v1/./status", "/v1/status" },
        { "/v1/key/../status", "/v1/status" },
        { "/v1/key/list/a/../b", "/v1/key/list/b" },
        { "//v1/key/list/", "/v1/key/list/" },
        { "/v1/key/describe/k/.", "/v1/key/describe/k" },
        { "/v1/key/describe/k/./", "/v1/key/describe/k/" },
        { "/../v1/status", "/v1/status" },
        { "//v1/key/describe/%E2%98%B0", "/v1/key/describe/%E2%98%B0" },
        { "//v1/key/list/*", "/v1/key/list/%2A" },
        { "//v1/key/list/%2a", "/v1/key/list/%2A" },
        { "//v1/key/describe/a%20b%22c", "/v1/key/describe/a%20b%22c" },
        { "//v1/key/describe/a:b@c$d+e,f;g=h", "/v1/key/describe/a:b@c$d+e,f;g=h" },
        { "//v1/key/describe/%3F%25", "/v1/key/describe/%3F%25" },
        { "//v1/status?a='b'&c=%E2%98%B0", "/v1/status?a='b'&c=%E2%98%B0" },
    };

    public static TheoryData<string> UnknownPaths => new()
    {
        "/", "/v1", "/v1/", "/v1/status/", "/version/", "/v1/api/", "/v1/ready/", "/v1/metrics/", "/v1/log/audit/",
        "/v1/key/", "/v1/key/bulk/", "/v1/identity/self/describe/", "/v1/identity/self/", "/v1/secret/create/s",
        "/v1/enclave/create/e", "/v1/policy/write/p", "/v1/policy/assign/p/i", "/v1/policy/delete/p",
        "/v1/identity/delete/i", "/v1/identity/assign/i", "/v1/identity/forget/i", "/v1/log/audit/trace",
        "/v1/log/error/trace", "/v1/sys/seal", "/v1/sys/health", "/V1/status", "/v1/Key/list/", "/v2/status",
    };

    [Theory]
    [MemberData(nameof(UncleanPaths))]
    public async Task An_unclean_path_is_redirected_to_its_clean_form_with_the_query_kept(string path, string location)
    {
        var response = await Server.Client(Server.Identities.Unknown).SendAsync("GET", path);
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(location, response.Headers.Location!.OriginalString);
        Assert.Equal("text/html; charset=utf-8", Reply.ContentType(response));
        var href = location.Replace("&", "&amp;", StringComparison.Ordinal).Replace("'", "&#39;", StringComparison.Ordinal).Replace("\"", "&#34;", StringComparison.Ordinal);
        Assert.Equal($"<a href=\"{href}\">Moved Permanently</a>.\n\n", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/v1/key/list", "/v1/key/list/")]
    [InlineData("/v1/key/list?prefix=a", "/v1/key/list/?prefix=a")]
    [InlineData("/v1/policy/list", "/v1/policy/list/")]
    [InlineData("/v1/identity/list", "/v1/identity/list/")]
    [InlineData("/v1/key/create", "/v1/key/create/")]
    [InlineData("/v1/key/describe", "/v1/key/describe/")]
    [InlineData("/v1/key/bulk/decrypt", "/v1/key/bulk/decrypt/")]
    public async Task A_subtree_root_without_its_slash_is_redirected_for_get_with_go_s_html_body(string path, string location)
    {
        foreach (var version in new[] { HttpVersion.Version11, HttpVersion.Version20 })
        {
            var response = await Server.Client(Server.Identities.Unknown, version).SendAsync("GET", path);
            Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
            Assert.Equal(location, response.Headers.Location!.OriginalString);
            Assert.Equal("text/html; charset=utf-8", Reply.ContentType(response));
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal($"<a href=\"{location}\">Moved Permanently</a>.\n\n", Encoding.UTF8.GetString(body));
        }
    }

    [Fact]
    public async Task A_redirect_to_a_non_ascii_path_is_escaped_for_head_too()
    {
        var response = await Server.Admin().SendAsync("HEAD", "//v1/key/describe/%E2%98%B0");
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/v1/key/describe/%E2%98%B0", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_redirect_for_head_has_the_content_type_and_no_body()
    {
        var response = await Server.Admin().SendAsync("HEAD", "/v1/key/list");
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/v1/key/list/", response.Headers.Location!.OriginalString);
        Assert.Equal("text/html; charset=utf-8", Reply.ContentType(response));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("POST", "/v1/key/list", "/v1/key/list/")]
    [InlineData("PUT", "/v1/key/create", "/v1/key/create/")]
    [InlineData("POST", "/v1/key/create?a=b", "/v1/key/create/?a=b")]
    [InlineData("DELETE", "/v1/key/delete", "/v1/key/delete/")]
    [InlineData("POST", "//v1/key/create/k", "/v1/key/create/k")]
    [InlineData("POST", "/v1/key/create/%2F", "/v1/key/create/")]
    public async Task Redirects_for_other_methods_are_empty_without_content_type(string method, string path, string location)
    {
        var response = await Server.Admin().SendAsync(method, path, KesHttp.Json("{}"));
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(location, response.Headers.Location!.OriginalString);
        Assert.Equal(0, response.Content.Headers.ContentLength);
        Assert.Null(Reply.ContentType(response));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [MemberData(nameof(UnknownPaths))]
    public async Task Unknown_paths_get_go_s_plain_text_404_before_authentication(string path)
    {
        var response = await Server.Client(Server.Identities.Unknown).SendAsync("GET", path);
        await AssertNotFoundAsync(response);
    }

    [Fact]
    public async Task The_plain_404_is_the_same_over_http2_and_for_every_method()
    {
        await AssertNotFoundAsync(await Server.Admin(HttpVersion.Version20).SendAsync("GET", "/v1/status/"));
        await AssertNotFoundAsync(await Server.Admin().SendAsync("POST", "/v1/secret/create/s", KesHttp.Json("{}")));
        await AssertNotFoundAsync(await Server.Admin().SendAsync("DELETE", "/v1/nothing"));
    }

    [Fact]
    public async Task An_encoded_star_is_decoded_before_the_pattern_is_read()
    {
        var client = Server.Admin();
        await client.PostAsync("/v1/key/create/star-decoded", null);
        var all = await Reply.JsonTextAsync(await client.SendAsync("GET", "/v1/key/list/%2A"));
        Assert.Equal(await Reply.JsonTextAsync(await client.SendAsync("GET", "/v1/key/list/*")), all);
        Assert.Contains("\"star-decoded\"", all, StringComparison.Ordinal);
        Assert.Equal(
            await Reply.JsonTextAsync(await client.SendAsync("GET", "/v1/key/list/star-*")),
            await Reply.JsonTextAsync(await client.SendAsync("GET", "/v1/key/list/star-%2a")));
    }

    [Theory]
    [InlineData("/v1/key/describe/a%2Fb", "key name 'a/b' is empty, too long or contains invalid characters")]
    [InlineData("/v1/key/create/a%2F", "key name 'a/' is empty, too long or contains invalid characters")]
    [InlineData("/v1/key/create/a%2fb", "key name 'a/b' is empty, too long or contains invalid characters")]
    [InlineData("/v1/policy/read/x%2Fy", "policy name 'x/y' is empty, too long or contains invalid characters")]
    [InlineData("/v1/identity/describe/x%2Fy", "identity 'x/y' is empty, too long or contains invalid characters")]
    [InlineData("/v1/key/list/a%2F", "listing pattern 'a/' is empty, too long or is invalid")]
    public async Task An_encoded_slash_is_decoded_into_the_resource_and_rejected_by_the_name_rule(string path, string message)
    {
        var method = path.StartsWith("/v1/key/create/", StringComparison.Ordinal) ? "POST" : "GET";
        await Reply.ErrorAsync(await Server.Admin().SendAsync(method, path), 400, message);
    }

    [Fact]
    public async Task Routes_match_the_percent_decoded_path_without_the_query()
    {
        var client = Server.Admin();
        await Reply.EmptyAsync(await client.SendAsync("POST", "/v1/key/%63reate/decoded-route?name=other"));
        var json = await Reply.JsonAsync(await client.SendAsync("GET", "/v1/key/describe/decoded%2Droute?x=%2F"));
        Assert.Equal("decoded-route", json.GetProperty("name").GetString());
        await Reply.ErrorAsync(await client.SendAsync("GET", "/v1/key/describe/other"), 404, "key does not exist");
    }

    [Theory]
    [InlineData("GET", "/v1/key/create/k", "PUT")]
    [InlineData("DELETE", "/v1/key/describe/k", "GET")]
    [InlineData("PUT", "/v1/key/delete/k", "DELETE")]
    [InlineData("POST", "/v1/key/delete/k", "DELETE")]
    [InlineData("POST", "/v1/status", "GET")]
    [InlineData("PUT", "/v1/key/list/", "GET")]
    [InlineData("PATCH", "/v1/key/hmac/k", "PUT")]
    [InlineData("POST", "/version", "GET")]
    [InlineData("DELETE", "/v1/log/audit", "GET")]
    [InlineData("OPTIONS", "/v1/key/generate/k", "PUT")]
    [InlineData("POST", "/v1/identity/self/describe", "GET")]
    public async Task A_method_mismatch_is_405_with_the_expected_method_in_accept(string method, string path, string expected)
    {
        var response = await Server.Admin().SendAsync(method, path, KesHttp.Json("{}"));
        await Reply.ErrorAsync(response, 405, $"received method '{method}' expected '{expected}'");
        Assert.Equal([expected], response.Headers.NonValidated["Accept"]);
    }

    [Fact]
    public async Task Head_on_a_get_route_is_405_too()
    {
        var response = await Server.Admin().SendAsync("HEAD", "/v1/status");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET"], response.Headers.NonValidated["Accept"]);
        Assert.Equal("application/json", Reply.ContentType(response));
    }

    [Fact]
    public async Task The_method_is_checked_before_authentication()
    {
        var unknown = Server.Client(Server.Identities.Unknown);
        await Reply.ErrorAsync(await unknown.SendAsync("GET", "/v1/key/create/k"), 405, "received method 'GET' expected 'PUT'");
        await Reply.ErrorAsync(await unknown.SendAsync("GET", "/v1/key/create/k.k"), 405, "received method 'GET' expected 'PUT'");
        await Reply.ErrorAsync(await unknown.SendAsync("POST", "/v1/key/create/k"), 403, "not authorized: insufficient permissions");
    }

    [Fact]
    public async Task Post_is_accepted_wherever_put_is_expected()
    {
        var client = Server.Admin();
        await Reply.EmptyAsync(await client.SendAsync("POST", "/v1/key/create/posted"));
        await Reply.EmptyAsync(await client.SendAsync("PUT", "/v1/key/create/putted"));
        await Reply.JsonAsync(await client.SendAsync("POST", "/v1/key/hmac/posted", "{}"));
        await Reply.JsonAsync(await client.SendAsync("PUT", "/v1/key/generate/putted", "{}"));
        await Reply.JsonAsync(await client.SendAsync("POST", "/v1/key/encrypt/putted", "{}"));
    }

    private static async Task AssertNotFoundAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(NotFound, Encoding.UTF8.GetString(body));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", Reply.ContentType(response));
        Assert.Equal(["nosniff"], response.Headers.NonValidated["X-Content-Type-Options"]);
        Assert.Equal(19, response.Content.Headers.ContentLength);
    }
}
