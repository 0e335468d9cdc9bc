using Kes.Api.Hosting;
using Kes.Api.Http.Buffers;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Kes.Api.Http.Tls;

/// <summary>Connection middleware placed after TLS: closes a connection whose cipher suite the server does not offer, leaves no decrypted request in the TLS layer's buffers once it is read (docs/crypto.md §7.4), lets OpenSSL free an idle connection's buffers, and counts open connections.</summary>
public sealed class TlsConnectionMiddleware(OpenConnections connections, Action<string> warn)
{
    private int _warned;

    /// <summary>Wraps <paramref name="next"/>: OpenSSL cleanses each record, and HTTP reads through a <see cref="ScrubbingPipeReader"/>.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => async context =>
    {
        if (context.Features.Get<ISslStreamFeature>()?.SslStream is { } tls)
        {
            // The suites are the shared OpenSSL context's (OpenSslSharedContext): a connection that got another never reaches HTTP.
            if (!TlsCipherSuites.Allows(tls.NegotiatedCipherSuite))
            {
                warn($"TLS: a connection negotiated {tls.NegotiatedCipherSuite}, which the server does not offer; closed");
                context.Abort();
                return;
            }

            if (!OpenSslConnection.CleanseAndReleaseBuffers(tls) && Interlocked.Exchange(ref _warned, 1) == 0)
            {
                warn("TLS: the OpenSSL connection behind .NET's TLS stream is out of reach: decrypted records are not cleansed, and a client without a certificate gets no TLS alert");
            }
        }

        ConnectionIdentity.Prepare(context.Items);
        var transport = context.Transport;
        context.Transport = new DuplexPipePair(new ScrubbingPipeReader(transport.Input), transport.Output);
        connections.Opened();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            connections.Closed();
            context.Transport = transport;
        }
    };
}
