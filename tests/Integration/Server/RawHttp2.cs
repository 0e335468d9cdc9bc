using System.Buffers.Binary;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Kes.IntegrationTests.Server;

/// <summary>
/// A minimal HTTP/2 client that sends one request on stream 1 and records every frame the server sends
/// for it, so a test sees what HttpClient hides (a RST_STREAM after the response).
/// </summary>
public sealed class RawHttp2
{
    private const byte Data = 0x0, Headers = 0x1, RstStream = 0x3, Settings = 0x4, Ping = 0x6, GoAway = 0x7, WindowUpdate = 0x8;
    private const byte EndStream = 0x1, EndHeaders = 0x4, Ack = 0x1;
    private const int MaxFrame = 16384;

    private readonly List<(byte Type, byte Flags, byte[] Payload)> _frames = [];
    private long _connectionWindow = 65535;
    private long _streamWindow = 65535;

    private RawHttp2()
    {
    }

    /// <summary>The response's first header byte: <c>0x88</c> is HPACK's indexed <c>:status 200</c>.</summary>
    public byte? StatusByte { get; private set; }

    /// <summary>The error code of a RST_STREAM on stream 1, if the server sent one.</summary>
    public uint? ResetCode { get; private set; }

    /// <summary>Whether the response ended with END_STREAM.</summary>
    public bool Ended { get; private set; }

    /// <summary>The response body.</summary>
    public byte[] Body => [.. _frames.Where(f => f.Type == Data).SelectMany(f => f.Payload)];

    /// <summary>
    /// Sends <paramref name="method"/> <paramref name="path"/> with <paramref name="body"/> and reads until the stream
    /// ends or the server closes. With <paramref name="withHead"/>, the body (one frame at most) goes in the same TLS
    /// write as the HEADERS frame, so that it is there before the server reads it.
    /// </summary>
    public static async Task<RawHttp2> SendAsync(KesTestServer server, X509Certificate2 certificate, string method, string path, byte[] body, bool withHead = false)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(body);
        await using var tls = await RawHttp.ConnectAsync(server, certificate, SslApplicationProtocol.Http2);
        var client = new RawHttp2();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var writeLock = new SemaphoreSlim(1, 1);
        async Task WriteFrameAsync(byte type, byte flags, int stream, ReadOnlyMemory<byte> payload)
        {
            var header = new byte[9];
            header[0] = (byte)(payload.Length >> 16);
            header[1] = (byte)(payload.Length >> 8);
            header[2] = (byte)payload.Length;
            header[3] = type;
            header[4] = flags;
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(5), stream);
            await writeLock.WaitAsync(limit.Token);
            try
            {
                await tls.WriteAsync((byte[])[.. header, .. payload.Span], limit.Token);
                await tls.FlushAsync(limit.Token);
            }
            finally
            {
                writeLock.Release();
            }
        }

        await tls.WriteAsync("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray(), limit.Token);
        await WriteFrameAsync(Settings, 0, 0, Array.Empty<byte>());
        var reading = client.ReadAsync(tls, (type, flags, payload) => WriteFrameAsync(type, flags, 0, payload), limit.Token);

        var block = new List<byte>();
        foreach (var (name, value) in new[] { (":method", method), (":scheme", "https"), (":path", path), (":authority", "localhost") })
        {
            block.Add(0x00);
            block.Add((byte)name.Length);
            block.AddRange(Encoding.ASCII.GetBytes(name));
            block.Add((byte)value.Length);
            block.AddRange(Encoding.ASCII.GetBytes(value));
        }

        if (withHead)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(body.Length, MaxFrame);

            // One frame pair, one write: HEADERS, then DATA that ends the stream.
            byte[] data = [0, 0, 0, Data, EndStream, 0, 0, 0, 1, .. body];
            BinaryPrimitives.WriteInt32BigEndian(data, body.Length << 8 | Data);
            block.InsertRange(0, [(byte)(block.Count >> 16), (byte)(block.Count >> 8), (byte)block.Count, Headers, EndHeaders, 0, 0, 0, 1]);
            await writeLock.WaitAsync(limit.Token);
            try
            {
                await tls.WriteAsync((byte[])[.. block, .. data], limit.Token);
                await tls.FlushAsync(limit.Token);
            }
            finally
            {
                writeLock.Release();
            }

            await reading;
            return client;
        }

        await WriteFrameAsync(Headers, (byte)(EndHeaders | (body.Length == 0 ? EndStream : 0)), 1, block.ToArray());
        for (var sent = 0; sent < body.Length && client.ResetCode is null && !client.Ended;)
        {
            var size = (int)Math.Min(Math.Min(MaxFrame, body.Length - sent), Math.Min(Interlocked.Read(ref client._connectionWindow), Interlocked.Read(ref client._streamWindow)));
            if (size <= 0)
            {
                // Flow control: the reader raises the windows as WINDOW_UPDATEs arrive.
                await Task.Delay(5, limit.Token);
                continue;
            }

            Interlocked.Add(ref client._connectionWindow, -size);
            Interlocked.Add(ref client._streamWindow, -size);
            var last = sent + size == body.Length;
            await WriteFrameAsync(Data, last ? EndStream : (byte)0, 1, body.AsMemory(sent, size));
            sent += size;
        }

        await reading;
        return client;
    }

    private async Task ReadAsync(SslStream tls, Func<byte, byte, byte[], Task> reply, CancellationToken cancellationToken)
    {
        var header = new byte[9];
        while (!Ended && ResetCode is null)
        {
            try
            {
                await tls.ReadExactlyAsync(header, cancellationToken);
            }
            catch (EndOfStreamException)
            {
                return;
            }

            var length = (header[0] << 16) | (header[1] << 8) | header[2];
            var (type, flags) = (header[3], header[4]);
            var stream = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(5)) & 0x7fffffff;
            var payload = new byte[length];
            await tls.ReadExactlyAsync(payload, cancellationToken);
            switch (type)
            {
                case Settings when (flags & Ack) == 0:
                    for (var i = 0; i + 6 <= payload.Length; i += 6)
                    {
                        if (BinaryPrimitives.ReadUInt16BigEndian(payload.AsSpan(i)) == 0x4)
                        {
                            Interlocked.Add(ref _streamWindow, BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(i + 2)) - 65535);
                        }
                    }

                    await reply(Settings, Ack, []);
                    break;
                case Ping when (flags & Ack) == 0:
                    await reply(Ping, Ack, payload);
                    break;
                case WindowUpdate:
                    Interlocked.Add(ref stream == 0 ? ref _connectionWindow : ref _streamWindow, BinaryPrimitives.ReadUInt32BigEndian(payload) & 0x7fffffff);
                    break;
                case GoAway:
                    return;
                case Headers when stream == 1:
                    StatusByte ??= payload.Length > 0 ? payload[0] : null;
                    Ended |= (flags & EndStream) != 0;
                    break;
                case Data when stream == 1:
                    _frames.Add((type, flags, payload));
                    Ended |= (flags & EndStream) != 0;
                    break;
                case RstStream when stream == 1:
                    ResetCode = BinaryPrimitives.ReadUInt32BigEndian(payload);
                    break;
            }
        }

        // After the response, wait briefly for a RST_STREAM that would follow it.
        if (Ended && ResetCode is null)
        {
            using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            grace.CancelAfter(TimeSpan.FromSeconds(1));
            try
            {
                while (true)
                {
                    await tls.ReadExactlyAsync(header, grace.Token);
                    var length = (header[0] << 16) | (header[1] << 8) | header[2];
                    var payload = new byte[length];
                    await tls.ReadExactlyAsync(payload, grace.Token);
                    if (header[3] == RstStream && (BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(5)) & 0x7fffffff) == 1)
                    {
                        ResetCode = BinaryPrimitives.ReadUInt32BigEndian(payload);
                        return;
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or EndOfStreamException or IOException)
            {
                // No reset within the grace period.
            }
        }
    }
}
