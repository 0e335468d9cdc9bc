using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Kes.Api.Http.Tls;

/// <summary>Connection middleware placed before TLS: a client that sends no certificate gets the alert TLS defines, <c>certificate_required</c> (1.3) or <c>handshake_failure</c> (1.2), instead of a closed connection (docs/api.md §1).</summary>
public sealed class ClientCertificateAlertMiddleware(Func<bool> certificateRequired)
{
    /// <summary>Wraps <paramref name="next"/>: when the server's first handshake flight is written and a certificate is required, OpenSSL is told to fail the handshake without one.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => async context =>
    {
        var transport = context.Transport;
        var output = new FirstWriteHook(transport.Output, () =>
        {
            if (certificateRequired() && context.Features.Get<ISslStreamFeature>()?.SslStream is { } tls)
            {
                OpenSslConnection.FailWithoutClientCertificate(tls);
            }
        });
        context.Transport = new DuplexPipePair(transport.Input, output);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            context.Transport = transport;
        }
    };
}
