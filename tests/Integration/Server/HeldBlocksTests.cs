using System.Buffers.Binary;
using System.Net.Security;
using Kes.Api.Http.Buffers;
using Microsoft.Extensions.DependencyInjection;

namespace Kes.IntegrationTests.Server;

/// <summary>
/// Answers a client does not let out (HTTP/2 stream window 0, no WINDOW_UPDATE) stay in Kestrel's blocks, out of the
/// application's sight; past the server's limit on such blocks, new requests are refused instead of filling the heap
/// (docs/api.md §1).
/// </summary>
public sealed class HeldBlocksTests
{
    private const int Streams = 200;
    private const long LimitBytes = 64 * ZeroingBlockPool.BlockSize;

    [Fact]
    public async Task Past_the_limit_new_streams_are_refused_and_other_clients_get_503_until_the_blocks_come_back()
    {
        await using var server = await KesTestServer.StartAsync(s => s with { MaxHeldBlockBytes = LimitBytes });
        var held = server.Services.GetRequiredService<HeldBlocks>();
        var other = server.Admin();

        var stalled = await WindowZeroClient.OpenAsync(server);
        try
        {
            await stalled.SendAsync(Streams);
            var (answered, refused) = await stalled.CountAsync(Streams);
            Assert.Equal(Streams, answered + refused);
            Assert.InRange(answered, 1, 2 * held.Limit);
            Assert.True(refused >= Streams - 2 * held.Limit, $"{refused} of {Streams} streams refused");

            // Refusing began while other requests' blocks were out too; once they are back the held answers may sit
            // just under the limit, and a few more streams fill it.
            for (var more = 0; !held.Full && more < 16; more++)
            {
                await stalled.SendAsync(8);
                var (a, r) = await stalled.CountAsync(8);
                (answered, refused) = (answered + a, refused + r);
            }

            Assert.True(held.Full, $"{held.Out} of {held.Limit} blocks out");
            Assert.InRange(answered, 1, 2 * held.Limit);

            var busy = await other.GetAsync("/version");
            await Reply.ErrorAsync(busy, 503, "server busy: too much data held for clients");
            Assert.True(busy.Headers.ConnectionClose, "the refused HTTP/1.1 connection is not closed");
            Assert.NotEmpty(Records(server, "level=WARN msg=\"server busy:"));
        }
        finally
        {
            await stalled.DisposeAsync();
        }

        // Kestrel lets the held streams go with their connection, and every block comes back: the other clients'
        // connections are idle and hold none. A block some path dropped instead comes back when the collector finds it.
        for (var tries = 0; held.Out > 0 && tries < 200; tries++)
        {
            await Task.Delay(50);
            if (tries >= 20)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }

        Assert.Equal(0, held.Out);
        var served = await server.Admin().GetAsync("/version");
        Assert.Equal(200, (int)served.StatusCode);
        // One record each way per episode, not one per refusal. The held answers normally keep one episode going;
        // a burst whose transient blocks were many may end it and start another while more streams fill the limit.
        var episodes = Records(server, "level=WARN msg=\"server busy:").Length;
        Assert.InRange(episodes, 1, 3);
        Assert.Equal(episodes, Records(server, "level=INFO msg=\"server no longer busy:").Length);

        // Operators see both in /v1/metrics: every refusal (the streams and the HTTP/1.1 request), and the buffers back.
        var metrics = await (await server.Admin().GetAsync("/v1/metrics")).Content.ReadAsStringAsync();
        Assert.Contains($"\nkes_http_held_buffer_refused_total {held.Refused}\n", metrics, StringComparison.Ordinal);
        Assert.True(held.Refused > Streams - (2 * held.Limit), $"{held.Refused} refusals counted");
        var bytes = long.Parse(metrics.Split('\n').Single(line => line.StartsWith("kes_http_held_buffer_bytes ", StringComparison.Ordinal)).Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(bytes, 0, (held.Limit / 4) * ZeroingBlockPool.BlockSize);
    }

    private static string[] Records(KesTestServer server, string start) =>
        [.. server.Stderr.ToString().Split('\n').Where(line => line.Contains(start, StringComparison.Ordinal))];

    /// <summary>An HTTP/2 connection that sets its stream window to 0, sends GET /version on many streams and never lets a byte of an answer in.</summary>
    private sealed class WindowZeroClient : IAsyncDisposable
    {
        private const byte Headers = 0x1, RstStream = 0x3, Settings = 0x4, EndStream = 0x1, EndHeaders = 0x4, Ack = 0x1;
        private const uint RefusedStream = 0x7;

        private static readonly byte[] Request = Http2Frames.HeaderBlock((":method", "GET"), (":scheme", "https"), (":path", "/version"), (":authority", "localhost"));

        private readonly SslStream _tls;
        private int _nextStream = 1;

        private WindowZeroClient(SslStream tls) => _tls = tls;

        public static async Task<WindowZeroClient> OpenAsync(KesTestServer server)
        {
            var tls = await RawHttp.ConnectAsync(server, server.Identities.Admin, SslApplicationProtocol.Http2);
            var output = new List<byte>(Http2Frames.Preface);
            output.AddRange(Http2Frames.Frame(Settings, 0, 0, [0x00, 0x04, 0, 0, 0, 0])); // SETTINGS_INITIAL_WINDOW_SIZE = 0
            await tls.WriteAsync(output.ToArray());
            return new WindowZeroClient(tls);
        }

        /// <summary>Sends GET /version on <paramref name="streams"/> new streams in one write.</summary>
        public async Task SendAsync(int streams)
        {
            var output = new List<byte>();
            for (var i = 0; i < streams; i++, _nextStream += 2)
            {
                output.AddRange(Http2Frames.Frame(Headers, EndHeaders | EndStream, _nextStream, Request));
            }

            await _tls.WriteAsync(output.ToArray());
            await _tls.FlushAsync();
        }

        /// <summary>Reads until every stream has its answer's HEADERS (held: its DATA cannot come) or a REFUSED_STREAM reset.</summary>
        public async Task<(int Answered, int Refused)> CountAsync(int streams)
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var header = new byte[9];
            var (answered, refused) = (0, 0);
            while (answered + refused < streams)
            {
                await _tls.ReadExactlyAsync(header, limit.Token);
                var payload = new byte[(header[0] << 16) | (header[1] << 8) | header[2]];
                await _tls.ReadExactlyAsync(payload, limit.Token);
                var stream = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(5)) & 0x7fffffff;
                switch (header[3])
                {
                    case Settings when (header[4] & Ack) == 0:
                        await _tls.WriteAsync(Http2Frames.Frame(Settings, Ack, 0, []), limit.Token);
                        break;
                    case Headers when stream % 2 == 1:
                        answered++;
                        break;
                    case RstStream when stream % 2 == 1:
                        Assert.Equal(RefusedStream, BinaryPrimitives.ReadUInt32BigEndian(payload));
                        refused++;
                        break;
                }
            }

            return (answered, refused);
        }

        public ValueTask DisposeAsync() => _tls.DisposeAsync();
    }
}
