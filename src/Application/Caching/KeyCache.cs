using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Kes.Application.Metrics;
using Kes.Domain.Errors;
using Kes.Domain.Keys;
using Kes.Domain.Ports;

namespace Kes.Application.Caching;

/// <summary>The key cache between the API and the keystore (docs/keystores.md §3): one keystore read per key per cache period, whatever the load.</summary>
/// <remarks>
/// A key in use is compared with the keystore's copy once per revalidation period, off the request that
/// found it due, so a key deleted or replaced on another node stops being used here within that period
/// plus one keystore read (docs/keystores.md §3.3).
/// </remarks>
public sealed class KeyCache : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, CachedKey> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<CachedKey>>> _loads = new(StringComparer.Ordinal);
    private readonly IKeyStore _store;
    private readonly IKeyVersionCodec _codec;
    private readonly ISealer _sealer;
    private readonly CacheOptions _options;
    private readonly ITimer[] _timers;
    private readonly CancellationTokenSource _stopping = new();
    private readonly KesMetrics? _metrics;
    private readonly TimeProvider _time;
    private readonly long _checkPeriod;
    private readonly long _recoveryInterval;
    private volatile bool _offline;

    /// <summary>Starts the expiry and health-probe timers; the first of each fires after one full period.</summary>
    public KeyCache(IKeyStore store, IKeyVersionCodec codec, ISealer sealer, CacheOptions options, TimeProvider time, KesMetrics? metrics = null)
    {
        _metrics = metrics;
        _store = store;
        _codec = codec;
        _sealer = sealer;
        _options = options;
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _checkPeriod = options.Revalidate > TimeSpan.Zero ? Ticks(time, options.Revalidate) : 0;
        _recoveryInterval = Ticks(time, CacheOptions.RecoveryInterval);
        var timers = new List<ITimer>(4);
        AddTimer(timers, time, options.Any, static cache => cache.ExpireAll());
        AddTimer(timers, time, options.Unused / 2, static cache => cache.ExpireUnused());
        AddTimer(timers, time, options.Offline, static cache => cache.ExpireOffline());
        AddTimer(timers, time, CacheOptions.HealthProbeInterval, static cache => _ = cache.ProbeAsync());
        _timers = [.. timers];
    }

    /// <summary>The keystore behind the cache; the server state that built the cache closes both once its last request ends.</summary>
    public IKeyStore Store => _store;

    /// <summary>Whether the last health probe found the keystore unreachable.</summary>
    public bool IsOffline => _offline;

    /// <summary>How many keys are cached now.</summary>
    public int Count => _entries.Count;

    /// <summary>The key, from the cache when present (no I/O), else from the keystore with a single fetch per name however many ask at once.</summary>
    /// <exception cref="KesException">404 when the keystore has no such key.</exception>
    public ValueTask<KeyLease> GetAsync(string name, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue(name, out var entry) && entry.TryAcquire())
        {
            entry.MarkUsed();
            if (_checkPeriod > 0 && entry.TryClaimCheck(_time.GetTimestamp(), _checkPeriod))
            {
                StartRevalidation(entry);
            }

            return new ValueTask<KeyLease>(new KeyLease(entry));
        }

        return GetSlowAsync(name, cancellationToken);
    }

    /// <summary>
    /// After <paramref name="stale"/> failed to open a ciphertext: a lease on a different key the keystore now
    /// holds under the same name, re-read at most once per <see cref="CacheOptions.RecoveryInterval"/> per key;
    /// null when there is none (docs/keystores.md §3.3).
    /// </summary>
    public async ValueTask<KeyLease?> RefreshAsync(CachedKey stale, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stale);
        if (_entries.TryGetValue(stale.Name, out var current) && !current.Fingerprint.AsSpan().SequenceEqual(stale.Fingerprint) && current.TryAcquire())
        {
            return new KeyLease(current);
        }

        if (!stale.TryClaimRecovery(_time.GetTimestamp(), _recoveryInterval))
        {
            return null;
        }

        var fresh = await RereadAsync(stale).WaitAsync(cancellationToken).ConfigureAwait(false);
        return fresh is not null && fresh.TryAcquire() ? new KeyLease(fresh) : null;
    }

    /// <summary>Encodes and stores a new key version; the new key is not cached, as upstream does not.</summary>
    public async Task CreateAsync(string name, KeyVersion version, CancellationToken cancellationToken)
    {
        var value = _codec.Encode(version);
        try
        {
            await _store.CreateAsync(name, value, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            throw new KeyStoreException(KesError.CreateKeyFailed, e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(value);
        }
    }

    /// <summary>Deletes the key from the keystore, then from the cache; on failure the cache is untouched.</summary>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await _store.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            throw new KeyStoreException(KesError.DeleteKeyFailed, e);
        }

        Evict(name);
    }

    /// <summary>Lists names straight from the keystore; lists are never cached.</summary>
    public async Task<KeyListPage> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        try
        {
            return await _store.ListAsync(prefix, -1, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            throw new KeyStoreException(KesError.ListKeysFailed, e);
        }
    }

    /// <summary>The keystore's latency, or an unreachable error without asking it while the cache is offline.</summary>
    public Task<TimeSpan> StatusAsync(CancellationToken cancellationToken) =>
        _offline
            ? Task.FromException<TimeSpan>(new KeyStoreUnreachableException("keystore is offline"))
            : _store.StatusAsync(cancellationToken);

    /// <summary>Probes the keystore once and updates the offline state, as the 10 s timer does.</summary>
    public async Task ProbeAsync()
    {
        try
        {
            await _store.StatusAsync(_stopping.Token).ConfigureAwait(false);
            _offline = false;
        }
        catch (OperationCanceledException)
        {
            // A probe cut short by shutdown says nothing about the keystore.
        }
#pragma warning disable CA1031 // Any failure of the probe means the keystore is not usable now.
        catch (Exception)
#pragma warning restore CA1031
        {
            _offline = true;
        }
    }

    /// <summary>Stops the timers and zeroes every cached key once no request holds it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var timer in _timers)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }

        DropAll();
        _stopping.Dispose();
    }

    private void AddTimer(List<ITimer> timers, TimeProvider time, TimeSpan period, Action<KeyCache> tick)
    {
        if (period > TimeSpan.Zero)
        {
            timers.Add(time.CreateTimer(state => tick((KeyCache)state!), this, period, period));
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private async ValueTask<KeyLease> GetSlowAsync(string name, CancellationToken cancellationToken)
    {
        while (true)
        {
            var key = await LoadAsync(name).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (key.TryAcquire())
            {
                key.MarkUsed();
                return new KeyLease(key);
            }
        }
    }

    private Task<CachedKey> LoadAsync(string name)
    {
        var load = _loads.GetOrAdd(name, static (n, cache) => new Lazy<Task<CachedKey>>(() => cache.FetchAsync(n)), this);
        return load.Value;
    }

    private async Task<CachedKey> FetchAsync(string name)
    {
        try
        {
            // A request that missed just before another one's fetch completed finds the key here.
            if (_entries.TryGetValue(name, out var cached))
            {
                return cached;
            }

            _metrics?.KeyStoreRead();
            CachedKey entry;
            try
            {
                var value = await _store.GetAsync(name, _stopping.Token).ConfigureAwait(false);
                try
                {
                    entry = NewEntry(name, value);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(value);
                }
            }
            catch (Exception e) when (IsBackendFailure(e))
            {
                // A backend error or an unreadable stored value: every route that reads a key answers 502 for it.
                throw new KeyStoreException(KesError.ReadKeyFailed, e);
            }

            if (_entries.TryRemove(name, out var replaced))
            {
                replaced.Release();
            }

            _entries[name] = entry;
            return entry;
        }
        finally
        {
            _loads.TryRemove(name, out _);
        }
    }

    private CachedKey NewEntry(string name, byte[] value)
    {
        var version = _codec.Decode(value);
        try
        {
            return new CachedKey(name, version, _sealer.CreateCipher(version.Key), SHA256.HashData(value), _time.GetTimestamp() + _checkPeriod);
        }
        catch
        {
            version.Dispose();
            throw;
        }
    }

    private void StartRevalidation(CachedKey entry) => _ = Task.Run(async () =>
    {
        try
        {
            await RereadAsync(entry).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A revalidation nobody awaits must not fault; the next period tries again.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    });

    /// <summary>Reads the stored key again: drops <paramref name="entry"/> if it is gone, swaps in the stored key if it changed (returned), keeps it otherwise.</summary>
    private async Task<CachedKey?> RereadAsync(CachedKey entry)
    {
        _metrics?.KeyStoreRead();
        byte[] value;
        try
        {
            value = await _store.GetAsync(entry.Name, _stopping.Token).ConfigureAwait(false);
        }
        catch (KesException e) when (e.Error == KesError.KeyNotFound)
        {
            Remove(entry);
            return null;
        }
        catch (Exception e) when (IsBackendFailure(e))
        {
            // An unreachable keystore cannot have changed the key for us either; keep serving it, as offline mode does.
            return null;
        }

        try
        {
            if (SHA256.HashData(value).AsSpan().SequenceEqual(entry.Fingerprint))
            {
                return null;
            }

            CachedKey fresh;
            try
            {
                fresh = NewEntry(entry.Name, value);
            }
            catch (Exception e) when (IsBackendFailure(e))
            {
                // Unreadable now: the next request reads it again and answers 502, as for any unreadable key.
                Remove(entry);
                return null;
            }

            if (_entries.TryUpdate(entry.Name, fresh, entry))
            {
                entry.Release();
                return fresh;
            }

            fresh.Release();
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(value);
        }
    }

    private void Remove(CachedKey entry)
    {
        if (_entries.TryRemove(KeyValuePair.Create(entry.Name, entry)))
        {
            entry.Release();
        }
    }

    private static long Ticks(TimeProvider time, TimeSpan period) => (long)(period.TotalSeconds * time.TimestampFrequency);

    /// <summary>Whether <paramref name="e"/> is a backend failure rather than an API answer (not found, exists) or a cancellation.</summary>
    private static bool IsBackendFailure(Exception e) => e is not KesException and not OperationCanceledException;

    private void Evict(string name)
    {
        if (_entries.TryRemove(name, out var entry))
        {
            entry.Release();
        }
    }

    private void DropAll()
    {
        foreach (var name in _entries.Keys)
        {
            Evict(name);
        }
    }

    private bool Suspended => _offline && _options.Offline > TimeSpan.Zero;

    private void ExpireAll()
    {
        if (!Suspended)
        {
            DropAll();
        }
    }

    private void ExpireUnused()
    {
        if (Suspended)
        {
            return;
        }

        foreach (var entry in _entries.Values)
        {
            if (entry.Used)
            {
                entry.ClearUsed();
            }
            else
            {
                Remove(entry);
            }
        }
    }

    private void ExpireOffline()
    {
        if (Suspended)
        {
            DropAll();
        }
    }
}
