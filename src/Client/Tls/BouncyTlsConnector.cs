using System.Net.Sockets;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Kes.Client.Tls;

/// <summary>The <see cref="SocketsHttpHandler.ConnectCallback"/> for Ed25519 keys: a TCP connection wrapped in BouncyCastle TLS, since the .NET TLS client cannot present an Ed25519 certificate (docs/COMPATIBILITY.md).</summary>
/// <remarks>The handler then speaks plain HTTP/1.1 over the returned stream, so requests use <c>http://</c> URIs.</remarks>
internal sealed class BouncyTlsConnector(Ed25519ClientKey key, ServerCertificateCheck check)
{
    private readonly BcTlsCrypto _crypto = new(new SecureRandom());

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var transport = new NetworkStream(socket, ownsSocket: true);
        var client = new ApiKeyTlsClient(_crypto, context.DnsEndPoint.Host, key, check);
        return await BouncyTlsStream.ConnectAsync(transport, client, cancellationToken).ConfigureAwait(false);
    }
}
