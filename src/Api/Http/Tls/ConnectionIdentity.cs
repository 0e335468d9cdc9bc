using Kes.Domain.Errors;
using Kes.Domain.Identities;
using Kes.Domain.Ports;
using Microsoft.AspNetCore.Connections.Features;

namespace Kes.Api.Http.Tls;

/// <summary>The caller's identity, computed once per TLS connection and kept in a cell in the connection's items.</summary>
/// <remarks>
/// The HTTP/2 streams of one connection run at once, so requests must not write the connection's item dictionary:
/// two first requests that each stored their identity there corrupted it (seen as a 500 under many streams).
/// <see cref="Prepare"/> stores the cell before HTTP starts; requests only read the dictionary and fill the cell.
/// </remarks>
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

    /// <summary>Gives a connection its cell, before any request on it runs.</summary>
    public static void Prepare(IDictionary<object, object?> connectionItems)
    {
        ArgumentNullException.ThrowIfNull(connectionItems);
        connectionItems[ItemKey] = new Cell();
    }

    /// <summary>The identity of the connection <paramref name="http"/> arrived on; computed each time on a connection without a cell.</summary>
    public static ConnectionIdentity Of(HttpContext http, IIdentitySource source)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(source);
        var items = http.Features.Get<IConnectionItemsFeature>()?.Items;
        if (items is null || !items.TryGetValue(ItemKey, out var found) || found is not Cell cell)
        {
            return Compute(http, source);
        }

        if (Volatile.Read(ref cell.Value) is { } known)
        {
            return known;
        }

        // Two first requests may both compute it; they compute the same value.
        var computed = Compute(http, source);
        Volatile.Write(ref cell.Value, computed);
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

    private sealed class Cell
    {
        public ConnectionIdentity? Value;
    }
}
