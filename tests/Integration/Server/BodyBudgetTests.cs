using System.Net;
using System.Text;
using Kes.Api.Http.Buffers;
using Microsoft.Extensions.DependencyInjection;

namespace Kes.IntegrationTests.Server;

/// <summary>
/// Bodies still arriving share one byte budget (docs/api.md §3 step 4): an allowed caller that leaves large bodies
/// open gets 503 once it is spent, instead of making the server hold them until the heap runs out.
/// </summary>
public sealed class BodyBudgetTests
{
    private const int Budget = 160 * 1024;

    /// <summary>
    /// With one body of 128 KiB and its stream held (144 KiB), a second held-open body without a length is refused
    /// when it starts (its 64 KiB and stream do not fit in 160, and its 100 KiB are more than the grace takes
    /// uncounted) or when it grows from 64 to 128 KiB (224 in use).
    /// </summary>
    [Theory]
    [InlineData(160)]
    [InlineData(224)]
    public async Task A_body_past_the_budget_is_refused_while_others_are_open_and_served_once_they_end(int budgetKiB)
    {
        await using var server = await KesTestServer.StartAsync(s => s with { MaxBodyBytesInFlight = budgetKiB * 1024 });
        await Reply.EmptyAsync(await server.Admin().PostAsync("/v1/key/create/k", null));
        var client = server.Client(server.Identities.Allowed, HttpVersion.Version20);

        // 100 KiB of an encrypt body without a length: the server's buffer starts at 64 KiB and grows to 128 KiB.
        using var open = new StalledContent(Plaintext(100 * 1024));
        var held = client.SendAsync(StalledContent.Post("/v1/key/encrypt/k", open), HttpCompletionOption.ResponseHeadersRead);
        await WaitUntilAsync(() => InFlight(server) >= 128 * 1024);

        using (var second = new StalledContent(Plaintext(100 * 1024)))
        using (var refused = await client.SendAsync(StalledContent.Post("/v1/key/encrypt/k", second), HttpCompletionOption.ResponseHeadersRead))
        {
            await Reply.ErrorAsync(refused, 503, "server busy: too many request bodies in flight");
        }

        Assert.False(held.IsCompleted, "the open body was answered before it ended");
        open.Finish("\"}"u8.ToArray());
        using (var first = await held.WaitAsync(TimeSpan.FromSeconds(10)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        Assert.Equal(0, InFlight(server));
        using var again = await client.PostAsync("/v1/key/encrypt/k", new StreamingBody(Plaintext(100 * 1024, closed: true)));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Small_bodies_go_on_while_the_budget_is_held_by_one_large_one()
    {
        await using var server = await KesTestServer.StartAsync(s => s with { MaxBodyBytesInFlight = Budget });
        await Reply.EmptyAsync(await server.Admin().PostAsync("/v1/key/create/k", null));
        var client = server.Client(server.Identities.Allowed, HttpVersion.Version20);
        using var open = new StalledContent(Plaintext(100 * 1024));
        var held = client.SendAsync(StalledContent.Post("/v1/key/encrypt/k", open), HttpCompletionOption.ResponseHeadersRead);
        await WaitUntilAsync(() => InFlight(server) >= 128 * 1024);

        for (var i = 0; i < 20; i++)
        {
            using var small = await client.PostAsync("/v1/key/generate/k", new StringContent("{}"));
            Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        }

        open.Finish("\"}"u8.ToArray());
        using var first = await held.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
    }

    /// <summary>
    /// A stream waiting on its body costs the budget <see cref="BodyBudget.StreamCost"/> however few bytes it sends:
    /// without that, 48 connections of 512 streams that each sent one byte of ten held the server until their
    /// deadlines and took it down (bench/RESULTS.md).
    /// </summary>
    [Fact]
    public async Task Streams_that_hold_back_a_few_bytes_are_refused_once_their_cost_spends_the_budget()
    {
        await using var server = await KesTestServer.StartAsync(s => s with { MaxBodyBytesInFlight = 3 * (BodyBudget.StreamCost + 16) });
        await Reply.EmptyAsync(await server.Admin().PostAsync("/v1/key/create/k", null));
        var client = server.Client(server.Identities.Allowed, HttpVersion.Version20);
        var bodies = Enumerable.Range(0, 5).Select(_ => new StalledContent("{"u8.ToArray(), declared: 10)).ToArray();
        try
        {
            var pending = bodies.Select(b => client.SendAsync(StalledContent.Post("/v1/key/generate/k", b), HttpCompletionOption.ResponseHeadersRead)).ToArray();
            await WaitUntilAsync(() => pending.Count(p => p.IsCompleted) == 2);
            foreach (var refused in pending.Where(p => p.IsCompleted))
            {
                await Reply.ErrorAsync(await refused, 503, "server busy: too many request bodies in flight");
            }

            Assert.Equal(3 * (BodyBudget.StreamCost + 10), InFlight(server));
            foreach (var body in bodies)
            {
                body.Finish("}        "u8.ToArray());
            }

            var answers = await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal([200, 200, 200, 503, 503], answers.Select(a => (int)a.StatusCode).Order());

            Assert.Equal(0, InFlight(server));
        }
        finally
        {
            foreach (var body in bodies)
            {
                body.Dispose();
            }
        }
    }

    /// <summary>
    /// With the budget spent, a small body sent 30 ms after its head (on a raw HTTP/1.1 connection, so that it cannot
    /// have arrived when the route reads) is served within the grace; one held back is refused when the grace ends,
    /// not before.
    /// </summary>
    [Fact]
    public async Task With_the_budget_spent_a_body_close_behind_its_head_is_served_and_a_held_back_one_refused_after_the_grace()
    {
        await using var server = await KesTestServer.StartAsync(s => s with { MaxBodyBytesInFlight = 0 });
        await Reply.EmptyAsync(await server.Admin().PostAsync("/v1/key/create/k", null));
        await using var tls = await RawHttp.ConnectAsync(server, server.Identities.Allowed, System.Net.Security.SslApplicationProtocol.Http11);
        var body = "{\"plaintext\":\"YWJj\"}"u8.ToArray();

        await tls.WriteAsync(Encoding.ASCII.GetBytes($"PUT /v1/key/encrypt/k HTTP/1.1\r\nHost: localhost\r\nContent-Length: {body.Length}\r\n\r\n"));
        await tls.FlushAsync();
        await Task.Delay(30);
        await tls.WriteAsync(body);
        Assert.StartsWith("HTTP/1.1 200 ", await AnswerAsync(tls), StringComparison.Ordinal);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await tls.WriteAsync(Encoding.ASCII.GetBytes($"PUT /v1/key/encrypt/k HTTP/1.1\r\nHost: localhost\r\nContent-Length: {body.Length}\r\n\r\n{{\"pla"));
        var refused = await AnswerAsync(tls);
        Assert.StartsWith("HTTP/1.1 503 ", refused, StringComparison.Ordinal);
        Assert.Contains("server busy: too many request bodies in flight", refused, StringComparison.Ordinal);
        Assert.True(clock.Elapsed >= BodyBudget.Grace - TimeSpan.FromMilliseconds(10), $"refused after {clock.Elapsed.TotalMilliseconds} ms, before the grace ended");
    }

    /// <summary>The same over HTTP/2: a held-back body is refused after the grace, and the connection goes on serving.</summary>
    [Fact]
    public async Task With_the_budget_spent_a_held_back_http2_body_is_refused_and_the_connection_goes_on()
    {
        await using var server = await KesTestServer.StartAsync(s => s with { MaxBodyBytesInFlight = 0 });
        await Reply.EmptyAsync(await server.Admin().PostAsync("/v1/key/create/k", null));
        var client = server.Client(server.Identities.Allowed, HttpVersion.Version20);
        using (var open = new StalledContent("{\"plaintext\":\"YW"u8.ToArray()))
        {
            using var refused = await client.SendAsync(StalledContent.Post("/v1/key/encrypt/k", open), HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(10));
            await Reply.ErrorAsync(refused, 503, "server busy: too many request bodies in flight");
        }

        using var after = await client.PostAsync("/v1/key/generate/k", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    /// <summary>Reads one HTTP/1.1 answer whose body is a JSON object (up to its closing brace and newline).</summary>
    private static async Task<string> AnswerAsync(Stream tls)
    {
        var text = new StringBuilder();
        var chunk = new byte[1024];
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!text.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) || !text.ToString().TrimEnd().EndsWith('}'))
        {
            var read = await tls.ReadAsync(chunk, limit.Token);
            Assert.True(read > 0, "the server closed the connection: " + text);
            text.Append(Encoding.ASCII.GetString(chunk, 0, read));
        }

        return text.ToString();
    }

    private static long InFlight(KesTestServer server) => server.Services.GetRequiredService<BodyBudget>().InUse;

    private static byte[] Plaintext(int size, bool closed = false) =>
        Encoding.ASCII.GetBytes("{\"plaintext\":\"" + new string('A', size / 4 * 4) + (closed ? "\"}" : string.Empty));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 10)
        {
            Assert.True(waited < 10_000, "the server never held the open body");
            await Task.Delay(10);
        }
    }

    /// <summary>A complete body sent without a length, so the server sizes its buffer as it reads.</summary>
    private sealed class StreamingBody(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
