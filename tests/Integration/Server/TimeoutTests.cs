using System.Net;
using Kes.Api.Hosting;

namespace Kes.IntegrationTests.Server;

/// <summary>The per-route write deadline of docs/api.md §3 step 5: past it the connection is aborted without an HTTP error.</summary>
public sealed class TimeoutTests
{
    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task A_reply_that_misses_its_deadline_is_cut_off_without_an_http_error(string version)
    {
        var overrides = new Dictionary<string, RouteOverride> { ["/v1/key/describe/"] = new(false, TimeSpan.FromSeconds(1)) };
        var store = new SlowKeyStore();
        await using var server = await KesTestServer.StartAsync(s => s with { RouteOverrides = overrides }, store: store);
        var client = server.Admin(Version.Parse(version));
        await Reply.EmptyAsync(await client.PostAsync("/v1/key/create/slow", null));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync("/v1/key/describe/slow"));

        // The server goes on serving: the read the cut-off request started finishes and fills the cache,
        // so the next describe needs no second read and beats the deadline.
        store.Release();
        Assert.Equal(HttpStatusCode.OK, (await server.Admin(Version.Parse(version)).GetAsync("/v1/key/describe/slow")).StatusCode);
        Assert.Equal(1, store.Reads);
    }
}
