using Kes.Api.Http.Routing;
using Kes.Application.Caching;
using Kes.Application.Requests;
using Kes.Application.Status;
using Kes.Domain.Policies;

namespace Kes.Api.Hosting;

/// <summary>
/// Everything a request reads, as one immutable snapshot: policies and admin, the key cache with its
/// keystore, the routes with their overrides, the TLS state, the log levels and the declared keys.
/// </summary>
/// <remarks>
/// Each request holds a lease on the state it was admitted under, and the live reference holds one
/// more; the cache and the keystore close only when the last lease goes, so a reload never pulls
/// them from under a request (docs/config.md §6).
/// </remarks>
public sealed class ServerState : IServerState
{
    private readonly KeyCacheShare _cache;
    private ReferenceCount _leases = new();

    internal ServerState(ServerSettings settings, KeyCacheShare cache, RouteTable routes, TlsState tls)
    {
        Settings = settings;
        _cache = cache;
        Routes = routes;
        Tls = tls;
    }

    /// <summary>The settings the state was built from.</summary>
    public ServerSettings Settings { get; }

    /// <inheritdoc />
    public PolicySet Policies => Settings.Policies;

    /// <inheritdoc />
    public KeyCache Cache => _cache.Cache;

    /// <summary>The routes with the <c>api:</c> overrides applied.</summary>
    public RouteTable Routes { get; }

    /// <inheritdoc />
    public IApiCatalog Api => Routes;

    /// <summary>What new connections are offered and how their client certificates are checked.</summary>
    public TlsState Tls { get; }

    /// <inheritdoc />
    public int ErrorLogLevel => Settings.ErrorLogLevel;

    /// <inheritdoc />
    public int AuditLogLevel => Settings.AuditLogLevel;

    /// <summary>The keys created when the state is installed, if missing.</summary>
    public IReadOnlyList<string> DeclaredKeys => Settings.DeclaredKeys;

    /// <summary>Completes once the cache and keystore of this state are closed.</summary>
    internal Task Closed => _cache.Closed;

    /// <summary>Drops a lease taken with <see cref="LiveServerState.Acquire"/>.</summary>
    public void Release()
    {
        if (_leases.Release())
        {
            _cache.Release();
        }
    }

    /// <summary>The same state with another certificate, sharing this one's cache and keystore.</summary>
    internal ServerState WithTls(TlsState tls)
    {
        _cache.Retain();
        return new ServerState(Settings, _cache, Routes, tls);
    }

    /// <summary>Takes a lease, unless the state has already been retired.</summary>
    internal bool TryAcquire() => _leases.TryAcquire();
}
