using System.Collections.ObjectModel;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kes.Api.Http.Tls;
using Kes.Domain.Identities;
using Kes.Domain.Ports;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Kes.UnitTests.Tls;

/// <summary>
/// The HTTP/2 streams of one connection run at once, so a request must not write the connection's item dictionary:
/// two first requests that each stored the identity there corrupted it under load.
/// </summary>
public sealed class ConnectionIdentityTests
{
    [Fact]
    public void Requests_read_the_connection_items_and_compute_the_identity_once()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=client", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var items = new Dictionary<object, object?>();
        ConnectionIdentity.Prepare(items);

        // From here on the dictionary throws on any write, as a concurrent write could corrupt it.
        var connection = new ItemsFeature(new ReadOnlyDictionary<object, object?>(items));
        var source = new CountingSource();
        var first = ConnectionIdentity.Of(Request(connection, certificate), source);
        var second = ConnectionIdentity.Of(Request(connection, certificate), source);

        Assert.Equal(new Identity("client"), first.Identity);
        Assert.Same(first, second);
        Assert.Equal(1, source.Calls);
    }

    private static DefaultHttpContext Request(IConnectionItemsFeature connection, X509Certificate2 certificate)
    {
        var http = new DefaultHttpContext();
        http.Request.Scheme = "https";
        http.Connection.ClientCertificate = certificate;
        http.Features.Set(connection);
        return http;
    }

    private sealed class ItemsFeature(IDictionary<object, object?> items) : IConnectionItemsFeature
    {
        public IDictionary<object, object?> Items { get; set; } = items;
    }

    private sealed class CountingSource : IIdentitySource
    {
        public int Calls { get; private set; }

        public Identity Identify(IReadOnlyList<ReadOnlyMemory<byte>> certificates)
        {
            Calls++;
            return new Identity("client");
        }
    }
}
