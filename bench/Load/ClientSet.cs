using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Kes.Bench.Load;

/// <summary>The HTTP clients of one run, and how many TCP connections they really opened, so a run can prove it used one connection.</summary>
public sealed class ClientSet : IDisposable
{
    private long _opened;

    private ClientSet(LoadOptions options)
    {
        var certificate = X509Certificate2.CreateFromPemFile(options.CertificateFile, options.KeyFile);
        certificate = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        // MinIO's pattern (kms-go over Go's HTTP/2 transport): every stream on one connection.
        var count = options.OneConnection ? 1 : options.Connections;
        Clients = new HttpClient[count];
        for (var i = 0; i < count; i++)
        {
            Clients[i] = CreateClient(options, options.Servers[i % options.Servers.Count], certificate);
        }
    }

    /// <summary>One client per connection; each holds at most one connection.</summary>
    public HttpClient[] Clients { get; }

    /// <summary>TCP connections opened so far by all the clients.</summary>
    public long OpenedConnections => Interlocked.Read(ref _opened);

    /// <summary>The clients for <paramref name="options"/>: one in one-connection mode, else one per connection.</summary>
    public static ClientSet Create(LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ClientSet(options);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var client in Clients)
        {
            client.Dispose();
        }
    }

    private HttpClient CreateClient(LoadOptions options, Uri server, X509Certificate2 certificate)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            EnableMultipleHttp2Connections = false,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectCallback = ConnectAsync,
            SslOptions =
            {
                ClientCertificates = [certificate],
                LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate,
#pragma warning disable CA5359 // A load tool against self-signed loopback servers; --insecure is what the operator asked for.
                RemoteCertificateValidationCallback = options.Insecure ? (_, _, _, _) => true : null,
#pragma warning restore CA5359
            },
        };
        return new HttpClient(handler)
        {
            BaseAddress = server,
            DefaultRequestVersion = options.Http2 || options.OneConnection ? HttpVersion.Version20 : HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        Interlocked.Increment(ref _opened);
        return new NetworkStream(socket, ownsSocket: true);
    }
}
