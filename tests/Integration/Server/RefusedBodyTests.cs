using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Kes.Api.Hosting;

namespace Kes.IntegrationTests.Server;

/// <summary>
/// A caller the policy refuses is answered without the server holding its body (docs/api.md §3 step 4): with any
/// certificate passing the handshake, a body read before the policy check would let anyone make the server keep
/// megabytes per stream.
/// </summary>
public sealed class RefusedBodyTests : IAsyncLifetime
{
    private static readonly byte[] Start = Encoding.ASCII.GetBytes("{\"plaintext\":\"" + new string('A', 64 * 1024));
    private KesTestServer? _server;

    public async Task InitializeAsync()
    {
        _server = await KesTestServer.StartAsync();
        var admin = _server.Admin();
        await Reply.EmptyAsync(await admin.PostAsync("/v1/key/create/k", null));
        await Reply.EmptyAsync(await admin.PostAsync("/v1/key/create/secret-k", null));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("unknown", "/v1/key/encrypt/k")]
    [InlineData("denied", "/v1/key/decrypt/secret-k")]
    public async Task A_refused_caller_gets_its_403_while_its_body_is_still_arriving(string who, string path)
    {
        var certificate = who == "unknown" ? _server!.Identities.Unknown : _server!.Identities.Denied;
        using var body = new StalledContent(Start);
        using var request = StalledContent.Post(path, body);
        using var answered = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = await Client(certificate).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, answered.Token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        body.Finish("\"}"u8.ToArray());
    }

    /// <summary>
    /// A refused caller's body that stops arriving is not waited for until the route's deadline (30 s here): it gets
    /// the grace, then its stream is reset behind the whole 403, so that a certificate no policy names cannot hold
    /// streams, or the body budget, for the length of a deadline (or, on a route without one, for good).
    /// </summary>
    [Fact]
    public async Task A_refused_callers_body_that_stops_arriving_is_let_go_after_the_grace()
    {
        var overrides = new Dictionary<string, RouteOverride> { ["/v1/key/encrypt/"] = new(false, TimeSpan.FromSeconds(30)) };
        await using var server = await KesTestServer.StartAsync(s => s with { RouteOverrides = overrides });
        using var body = new StalledContent(Start);
        using var request = StalledContent.Post("/v1/key/encrypt/k", body);
        using var response = await server.Client(server.Identities.Unknown, HttpVersion.Version20).SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("not authorized: insufficient permissions", await response.Content.ReadAsStringAsync().WaitAsync(TimeSpan.FromSeconds(5)), StringComparison.Ordinal);
    }

    /// <summary>An allowed caller's body that a route leaves unread is drained until the route's deadline, which then cuts the stream off instead of waiting on.</summary>
    [Fact]
    public async Task An_allowed_callers_unread_body_that_stops_arriving_is_cut_off_at_the_routes_deadline()
    {
        var overrides = new Dictionary<string, RouteOverride> { ["/v1/key/create/"] = new(false, TimeSpan.FromSeconds(1)) };
        await using var server = await KesTestServer.StartAsync(s => s with { RouteOverrides = overrides });
        using var body = new StalledContent(Start);
        using var request = StalledContent.Post("/v1/key/create/unread", body);

        // The empty 200 goes out with the end of the stream, after the drain; the deadline resets the stream instead.
        var sent = server.Client(server.Identities.Admin, HttpVersion.Version20).SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await Assert.ThrowsAsync<HttpRequestException>(() => sent.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task An_allowed_callers_body_is_read_to_its_end_before_the_answer()
    {
        using var body = new StalledContent(Encoding.ASCII.GetBytes("{\"plaintext\":\"YWJj"));
        using var request = StalledContent.Post("/v1/key/encrypt/k", body);
        var pending = Client(_server!.Identities.Allowed).SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(pending.IsCompleted, "the server answered before the body ended");
        body.Finish("\"}"u8.ToArray());
        using var response = await pending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private HttpClient Client(X509Certificate2 certificate) => _server!.Client(certificate, HttpVersion.Version20);
}
