using System.Buffers.Binary;
using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Kes.Bench.Fuzz;

/// <summary>N idle HTTP/2 connections held open to the server: TLS with a client certificate, the client preface and an empty SETTINGS frame, then nothing is read.</summary>
/// <remarks>
/// The server closes an HTTP/2 connection without streams after its keep-alive timeout (90 s), and a PING does not
/// restart that clock: so each connection sends one <c>GET /v1/status</c> stream a minute, round-robin, and never
/// reads the answer. That keeps the connections counted by the server for a run of any length.
/// </remarks>
public sealed class IdleConnections : IAsyncDisposable
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(60);
    private static readonly string[] TcpTables = ["/proc/net/tcp", "/proc/net/tcp6"];

    // The connection preface (RFC 9113 §3.4) followed by an empty SETTINGS frame.
    private static readonly byte[] Preface = [.. "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8, 0, 0, 0, 0x4, 0, 0, 0, 0, 0];

    private readonly List<Connection> _connections;
    private readonly byte[] _statusHeaderBlock;
    private readonly int _serverPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _refresh;

    private IdleConnections(List<Connection> connections, Uri server)
    {
        _connections = connections;
        _statusHeaderBlock = StatusHeaderBlock(server.Authority);
        _serverPort = server.Port;
        _refresh = Task.Run(RefreshAsync);
    }

    /// <summary>How many connections were opened.</summary>
    public int Count => _connections.Count;

    /// <summary>Opens <paramref name="count"/> connections to <paramref name="server"/> as <paramref name="client"/>, <paramref name="parallelism"/> handshakes at a time.</summary>
    /// <exception cref="IOException">A connection or handshake failed; the ones already open are closed.</exception>
    public static async Task<IdleConnections> OpenAsync(Uri server, X509Certificate2 client, X509Certificate2 serverCertificate, int count, int parallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var connections = new List<Connection>(count);
        try
        {
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (_, token) =>
            {
                var connection = await Connection.OpenAsync(server, ClientTls.Options(client, serverCertificate, SslApplicationProtocol.Http2), token).ConfigureAwait(false);
                lock (connections)
                {
                    connections.Add(connection);
                }
            }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or AuthenticationException or IOException or OperationCanceledException)
        {
            foreach (var connection in connections)
            {
                connection.Dispose();
            }

            throw new IOException($"opened {connections.Count} of {count} idle connections: {e.Message}", e);
        }

        return new IdleConnections(connections, server);
    }

    /// <summary>How many of the connections are still established as this process's kernel sees them (/proc/net/tcp): one the server closed is not.</summary>
    public int StillOpen()
    {
        const string Established = "01";
        var ports = _connections.Select(connection => connection.LocalPort).ToHashSet();
        // A TcpClient's socket is dual-mode IPv6, so its IPv4 connections are listed in tcp6.
        return TcpTables.SelectMany(table => File.ReadLines(table).Skip(1))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Count(fields => fields[3] == Established && Port(fields[2]) == _serverPort && ports.Contains(Port(fields[1])));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _refresh.ConfigureAwait(false);
        _stop.Dispose();
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }
    }

    private static int Port(string address) => int.Parse(address.Split(':')[^1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    // :method GET and :scheme https from the static table, :path and :authority as literals without indexing (RFC 7541 §6.2.2).
    private static byte[] StatusHeaderBlock(string authority)
    {
        var block = new List<byte> { 0x82, 0x87 };
        foreach (var (nameIndex, value) in new[] { (0x04, "/v1/status"), (0x01, authority) })
        {
            block.Add((byte)nameIndex);
            block.Add((byte)value.Length);
            block.AddRange(Encoding.ASCII.GetBytes(value));
        }

        return [.. block];
    }

    private async Task RefreshAsync()
    {
        if (_connections.Count == 0)
        {
            return;
        }

        var spacing = RefreshEvery / Math.Max(1, _connections.Count);
        try
        {
            for (var i = 0; ; i = (i + 1) % _connections.Count)
            {
                await Task.Delay(spacing, _stop.Token).ConfigureAwait(false);
                await _connections[i].SendHeadersAsync(_statusHeaderBlock, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped by DisposeAsync.
        }
    }

    private sealed class Connection(TcpClient tcp, SslStream tls) : IDisposable
    {
        private int _nextStream = 1;

        public int LocalPort { get; } = ((System.Net.IPEndPoint)tcp.Client.LocalEndPoint!).Port;

        public static async Task<Connection> OpenAsync(Uri server, SslClientAuthenticationOptions options, CancellationToken cancellationToken)
        {
            var tcp = new TcpClient();
            SslStream? tls = null;
            try
            {
                await tcp.ConnectAsync(server.Host, server.Port, cancellationToken).ConfigureAwait(false);
                tls = new SslStream(tcp.GetStream());
                options.TargetHost = server.Host;
                await tls.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
                await tls.WriteAsync(Preface, cancellationToken).ConfigureAwait(false);
                await tls.FlushAsync(cancellationToken).ConfigureAwait(false);
                return new Connection(tcp, tls);
            }
            catch
            {
                tls?.Dispose();
                tcp.Dispose();
                throw;
            }
        }

        // One HEADERS frame with END_STREAM and END_HEADERS on the next client stream (RFC 9113 §6.2).
        public async Task SendHeadersAsync(byte[] headerBlock, CancellationToken cancellationToken)
        {
            var frame = new byte[9 + headerBlock.Length];
            frame[0] = (byte)(headerBlock.Length >> 16);
            frame[1] = (byte)(headerBlock.Length >> 8);
            frame[2] = (byte)headerBlock.Length;
            frame[3] = 0x1;
            frame[4] = 0x1 | 0x4;
            BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), _nextStream);
            headerBlock.CopyTo(frame, 9);
            _nextStream += 2;
            try
            {
                await tls.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
                await tls.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The server closed this one; StillOpen() reports it, and the refresh goes on with the others.
            }
        }

        public void Dispose()
        {
            tls.Dispose();
            tcp.Dispose();
        }
    }
}
