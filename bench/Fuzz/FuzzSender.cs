using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Kes.Bench.Fuzz;

/// <summary>Sends fuzz requests to one server: through pooled HTTP/1.1 and HTTP/2 clients per caller, or as raw bytes on a fresh TLS connection.</summary>
public sealed class FuzzSender : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Uri _server;
    private readonly IReadOnlyDictionary<Caller, X509Certificate2> _certificates;
    private readonly X509Certificate2 _serverCertificate;
    private readonly Dictionary<(Caller, bool), HttpClient> _clients = [];

    /// <summary>Clients for <paramref name="server"/>, one certificate per caller, trusting exactly <paramref name="serverCertificate"/>.</summary>
    public FuzzSender(Uri server, IReadOnlyDictionary<Caller, X509Certificate2> certificates, X509Certificate2 serverCertificate)
    {
        _server = server;
        _certificates = certificates;
        _serverCertificate = serverCertificate;
        foreach (var (caller, certificate) in certificates)
        {
            foreach (var http2 in new[] { false, true })
            {
                var handler = new SocketsHttpHandler
                {
                    SslOptions = SslOptions(certificate, http2 ? SslApplicationProtocol.Http2 : SslApplicationProtocol.Http11),
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                    AutomaticDecompression = DecompressionMethods.None,
                    AllowAutoRedirect = false,
                    MaxConnectionsPerServer = 8,
                };
                _clients[(caller, http2)] = new HttpClient(handler)
                {
                    BaseAddress = server,
                    DefaultRequestVersion = http2 ? HttpVersion.Version20 : HttpVersion.Version11,
                    DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
                    Timeout = Patience,
                };
            }
        }
    }

    /// <summary>Sends <paramref name="request"/> and reads the answer; a stream's body is not read.</summary>
    /// <remarks>The pooled clients go through <see cref="Uri"/>, which normalizes dot segments and some escapes; raw requests keep the target byte for byte.</remarks>
    /// <exception cref="HttpRequestException">The connection or stream failed.</exception>
    /// <exception cref="TimeoutException">No answer within 30 s.</exception>
    public Task<FuzzAnswer> SendAsync(FuzzRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Raw ? SendRawAsync(request, cancellationToken) : SendPooledAsync(request, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    private async Task<FuzzAnswer> SendPooledAsync(FuzzRequest request, CancellationToken cancellationToken)
    {
        var client = _clients[(request.Caller, request.Http2)];
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_server.GetLeftPart(UriPartial.Authority) + request.Target));
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
        }

        foreach (var (name, value) in request.Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Patience);
        try
        {
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var contentType = response.Content.Headers.ContentType?.MediaType;
            var body = contentType == "application/x-ndjson" ? [] : await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            return new FuzzAnswer((int)response.StatusCode, contentType, body);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException("no answer within " + Patience.TotalSeconds + " s", e);
        }
    }

    private async Task<FuzzAnswer> SendRawAsync(FuzzRequest request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Patience);
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(_server.Host, _server.Port, timeout.Token).ConfigureAwait(false);
            await using var tls = new SslStream(tcp.GetStream());
            var options = SslOptions(_certificates[request.Caller], SslApplicationProtocol.Http11);
            options.TargetHost = _server.Host;
            await tls.AuthenticateAsClientAsync(options, timeout.Token).ConfigureAwait(false);
            await tls.WriteAsync(RawBytes(request), timeout.Token).ConfigureAwait(false);
            await tls.FlushAsync(timeout.Token).ConfigureAwait(false);
            return await ReadRawAnswerAsync(tls, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException("no answer within " + Patience.TotalSeconds + " s", e);
        }
        catch (IOException e)
        {
            throw new HttpRequestException("raw connection failed: " + e.Message, e);
        }
    }

    private byte[] RawBytes(FuzzRequest request)
    {
        var head = new StringBuilder();
        head.Append(request.Method).Append(' ').Append(request.Target).Append(" HTTP/1.1\r\n");
        head.Append("Host: ").Append(_server.Authority).Append("\r\n");
        head.Append("Connection: close\r\n");
        foreach (var (name, value) in request.Headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (request.Body is not null)
        {
            head.Append("Content-Length: ").Append(request.Body.Length).Append("\r\n");
        }

        head.Append("\r\n");
        return [.. Encoding.UTF8.GetBytes(head.ToString()), .. request.Body ?? []];
    }

    // The request asked for Connection: close, so the answer ends where the stream does.
    private static async Task<FuzzAnswer> ReadRawAnswerAsync(Stream tls, CancellationToken cancellationToken)
    {
        using var all = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await tls.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            all.Write(buffer, 0, read);
        }

        var bytes = all.ToArray();
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            throw new HttpRequestException($"raw answer without a complete head ({bytes.Length} B)");
        }

        var lines = Encoding.ASCII.GetString(bytes, 0, end).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        string? contentType = null;
        var chunked = false;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = value.Split(';')[0].Trim();
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
            }
        }

        var body = bytes[(end + 4)..];
        return new FuzzAnswer(status, contentType, chunked ? Dechunk(body) : body);
    }

    private static byte[] Dechunk(byte[] body)
    {
        using var output = new MemoryStream();
        var i = 0;
        while (i < body.Length)
        {
            var lineEnd = body.AsSpan(i).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                break;
            }

            var size = Convert.ToInt32(Encoding.ASCII.GetString(body, i, lineEnd).Split(';')[0], 16);
            i += lineEnd + 2;
            if (size == 0)
            {
                break;
            }

            output.Write(body, i, Math.Min(size, body.Length - i));
            i += size + 2;
        }

        return output.ToArray();
    }

    private SslClientAuthenticationOptions SslOptions(X509Certificate2 certificate, SslApplicationProtocol protocol) =>
        ClientTls.Options(certificate, _serverCertificate, protocol);
}
