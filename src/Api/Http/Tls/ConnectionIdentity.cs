using Kes.Domain.Errors;
using Kes.Domain.Identities;
using Kes.Domain.Ports;
using Microsoft.AspNetCore.Connections.Features;

namespace Kes.Api.Http.Tls;

/// <summary>The caller's identity, computed once per TLS connection and kept in the connection's items.</summary>
public sealed class ConnectionIdentity
{
    private static readonly object ItemKey = new();

    private ConnectionIdentity(Identity identity, KesError? error)
    {
        Identity = identity;
        Error = error;
    }

    /// <summary>The identity; empty when <see cref="Error"/> is set.</summary>
    public Identity Identity { get; }

    /// <summary>Why there is no identity, or null.</summary>
    public KesError? Error { get; }

    /// <summary>The identity of the connection <paramref name="http"/> arrived on.</summary>
    public static ConnectionIdentity Of(HttpContext http, IIdentitySource source)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(source);
        var items = http.Features.Get<IConnectionItemsFeature>()?.Items;
        if (items is not null && items.TryGetValue(ItemKey, out var cached) && cached is ConnectionIdentity known)
        {
            return known;
        }

        var computed = Compute(http, source);
        if (items is not null)
        {
            items[ItemKey] = computed;
        }

        return computed;
    }

    private static ConnectionIdentity Compute(HttpContext http, IIdentitySource source)
    {
        if (!http.Request.IsHttps)
        {
            return new ConnectionIdentity(Identity.Empty, KesError.TlsRequired);
        }

        var certificate = http.Connection.ClientCertificate;
        if (certificate is null)
        {
            return new ConnectionIdentity(Identity.Empty, KesError.ClientCertificateRequired);
        }

        try
        {
            return new ConnectionIdentity(source.Identify([certificate.RawDataMemory]), null);
        }
        catch (KesException e)
        {
            return new ConnectionIdentity(Identity.Empty, e.Error);
        }
    }
}
