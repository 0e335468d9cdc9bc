using System.Collections.Concurrent;
using Kes.Application.Caching;
using Kes.Domain.Errors;
using Kes.Domain.Identities;
using Kes.Domain.Keys;
using Kes.Domain.Ports;
using Kes.Infrastructure.Crypto;
using Kes.Infrastructure.Crypto.Codec;
using Kes.Infrastructure.KeyStores.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace Kes.IntegrationTests.Caching;

/// <summary>The key cache of docs/keystores.md §3: one fetch per key however many ask, the expiry timers, offline mode.</summary>
public sealed class KeyCacheTests : IAsyncLifetime, IDisposable
{
    private readonly CountingStore _store = new(new InMemoryKeyStore());
    private readonly FakeTimeProvider _time = new();
    private readonly ISealer _sealer = Sealers.Create(SealerKind.Fast);
    private readonly StoredKeyCodec _codec = new();

    public async Task InitializeAsync()
    {
        foreach (var name in new[] { "a", "b", "c" })
        {
            using var version = new KeyVersion(SecretKey.Generate(KeyAlgorithm.Aes256), HmacKey.Generate(), KesTimestamp.Now, Identity.Empty);
            await _store.CreateAsync(name, _codec.Encode(version), CancellationToken.None);
        }
    }

    public Task DisposeAsync() => _store.DisposeAsync().AsTask();

    public void Dispose() => _store.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private KeyCache NewCache(CacheOptions options) => new(_store, _codec, _sealer, options, _time);

    [Fact]
    public async Task Concurrent_misses_for_one_key_make_a_single_keystore_read()
    {
        _store.GetDelay = TimeSpan.FromMilliseconds(100);
        await using var cache = NewCache(CacheOptions.Default);
        var leases = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => cache.GetAsync("a", CancellationToken.None).AsTask()));
        foreach (var lease in leases)
        {
            lease.Dispose();
        }

        Assert.Equal(1, _store.Reads("a"));
        Assert.Same(leases[0].Key, leases[^1].Key);
    }

    [Fact]
    public async Task A_cached_key_is_served_without_keystore_io()
    {
        await using var cache = NewCache(CacheOptions.Default);
        for (var i = 0; i < 100; i++)
        {
            using var lease = await cache.GetAsync("b", CancellationToken.None);
        }

        Assert.Equal(1, _store.Reads("b"));
    }

    [Fact]
    public async Task A_missing_key_is_404_and_not_cached()
    {
        await using var cache = NewCache(CacheOptions.Default);
        var error = await Assert.ThrowsAsync<KesException>(() => cache.GetAsync("missing", CancellationToken.None).AsTask());
        Assert.Equal(KesError.KeyNotFound, error.Error);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task The_any_timer_drops_every_entry()
    {
        await using var cache = NewCache(new CacheOptions(TimeSpan.FromMinutes(5), TimeSpan.Zero, TimeSpan.Zero));
        (await cache.GetAsync("a", CancellationToken.None)).Dispose();
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(1, cache.Count);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, cache.Count);
        (await cache.GetAsync("a", CancellationToken.None)).Dispose();
        Assert.Equal(2, _store.Reads("a"));
    }

    [Fact]
    public async Task An_unused_entry_lives_between_half_and_one_unused_period()
    {
        await using var cache = NewCache(new CacheOptions(TimeSpan.Zero, TimeSpan.FromSeconds(30), TimeSpan.Zero));
        (await cache.GetAsync("a", CancellationToken.None)).Dispose();
        (await cache.GetAsync("b", CancellationToken.None)).Dispose();
        _time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(2, cache.Count);
        (await cache.GetAsync("b", CancellationToken.None)).Dispose();
        _time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(1, cache.Count);
        _time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task Offline_mode_keeps_cached_keys_past_the_normal_expiry_until_the_offline_timer()
    {
        await using var cache = NewCache(new CacheOptions(TimeSpan.FromSeconds(20), TimeSpan.Zero, TimeSpan.FromMinutes(1)));
        (await cache.GetAsync("a", CancellationToken.None)).Dispose();
        _store.Down = true;
        await cache.ProbeAsync();
        Assert.True(cache.IsOffline);
        _time.Advance(TimeSpan.FromSeconds(40));
        using (var lease = await cache.GetAsync("a", CancellationToken.None))
        {
            Assert.Equal("a", lease.Key.Name);
        }

        var uncached = await Assert.ThrowsAsync<KeyStoreException>(() => cache.GetAsync("c", CancellationToken.None).AsTask());
        Assert.IsType<KeyStoreUnreachableException>(uncached.InnerException);
        Assert.Equal(KesError.ReadKeyFailed, uncached.Error);
        await Assert.ThrowsAsync<KeyStoreUnreachableException>(() => cache.StatusAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(0, cache.Count);

        _store.Down = false;
        await cache.ProbeAsync();
        Assert.False(cache.IsOffline);
        (await cache.GetAsync("a", CancellationToken.None)).Dispose();
    }

    [Fact]
    public async Task Evicting_a_key_in_use_frees_it_only_when_the_request_lets_go()
    {
        await using var cache = NewCache(new CacheOptions(TimeSpan.FromSeconds(1), TimeSpan.Zero, TimeSpan.Zero));
        var lease = await cache.GetAsync("a", CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, cache.Count);
        var output = new byte[32 + IKeyCipher.Overhead];
        lease.Key.Cipher.Seal(new byte[32], [], output);
        lease.Dispose();
        Assert.Throws<ObjectDisposedException>(() => lease.Key.Cipher.Seal(new byte[32], [], output));
    }

    [Fact]
    public async Task Delete_evicts_the_key_and_a_failed_delete_keeps_it()
    {
        await using var cache = NewCache(CacheOptions.Default);
        (await cache.GetAsync("a", CancellationToken.None)).Dispose();
        await Assert.ThrowsAsync<KesException>(() => cache.DeleteAsync("missing", CancellationToken.None));
        Assert.Equal(1, cache.Count);
        await cache.DeleteAsync("a", CancellationToken.None);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task A_key_in_use_is_re_read_once_per_revalidation_period_whatever_the_load()
    {
        await using var cache = NewCache(CacheOptions.Default with { Revalidate = TimeSpan.FromSeconds(10) });
        var first = await cache.GetAsync("a", CancellationToken.None);
        first.Dispose();
        await HammerAsync(cache, "a");
        Assert.Equal(1, _store.Reads("a"));

        _time.Advance(TimeSpan.FromSeconds(10));
        await HammerAsync(cache, "a");
        await UntilAsync(() => _store.Reads("a") == 2);
        await HammerAsync(cache, "a");
        Assert.Equal(2, _store.Reads("a"));
        using var same = await cache.GetAsync("a", CancellationToken.None);
        Assert.Same(first.Key, same.Key);
    }

    [Fact]
    public async Task A_key_replaced_or_deleted_in_the_keystore_leaves_the_cache_at_the_next_revalidation()
    {
        await using var cache = NewCache(CacheOptions.Default with { Revalidate = TimeSpan.FromSeconds(10) });
        var a = await cache.GetAsync("a", CancellationToken.None);
        a.Dispose();
        (await cache.GetAsync("b", CancellationToken.None)).Dispose();
        await _store.DeleteAsync("a", CancellationToken.None);
        using (var version = new KeyVersion(SecretKey.Generate(KeyAlgorithm.Aes256), HmacKey.Generate(), KesTimestamp.Now, Identity.Empty))
        {
            await _store.CreateAsync("a", _codec.Encode(version), CancellationToken.None);
        }

        await _store.DeleteAsync("b", CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(9));
        using (var stillOld = await cache.GetAsync("a", CancellationToken.None))
        {
            Assert.Same(a.Key, stillOld.Key);
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        (await cache.GetAsync("a", CancellationToken.None)).Dispose();
        (await cache.GetAsync("b", CancellationToken.None)).Dispose();
        await UntilAsync(() => cache.Count == 1 && _store.Reads("a") == 2);
        using var replaced = await cache.GetAsync("a", CancellationToken.None);
        Assert.NotSame(a.Key, replaced.Key);
        Assert.Equal(2, _store.Reads("a"));
        await Assert.ThrowsAsync<KesException>(() => cache.GetAsync("b", CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task A_failed_decryption_re_reads_its_key_at_most_once_per_recovery_interval()
    {
        await using var cache = NewCache(CacheOptions.Default with { Revalidate = TimeSpan.Zero });
        using var lease = await cache.GetAsync("a", CancellationToken.None);
        var refreshes = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => cache.RefreshAsync(lease.Key, CancellationToken.None).AsTask()));
        Assert.All(refreshes, refresh => Assert.Null(refresh));
        Assert.Equal(2, _store.Reads("a"));

        await _store.DeleteAsync("a", CancellationToken.None);
        using (var version = new KeyVersion(SecretKey.Generate(KeyAlgorithm.Aes256), HmacKey.Generate(), KesTimestamp.Now, Identity.Empty))
        {
            await _store.CreateAsync("a", _codec.Encode(version), CancellationToken.None);
        }

        Assert.Null(await cache.RefreshAsync(lease.Key, CancellationToken.None));
        _time.Advance(CacheOptions.RecoveryInterval);
        var fresh = await cache.RefreshAsync(lease.Key, CancellationToken.None);
        Assert.NotNull(fresh);
        using (fresh.Value)
        {
            Assert.NotSame(lease.Key, fresh.Value.Key);
            using var cached = await cache.GetAsync("a", CancellationToken.None);
            Assert.Same(fresh.Value.Key, cached.Key);
        }

        Assert.Equal(3, _store.Reads("a"));
    }

    private static Task HammerAsync(KeyCache cache, string name) => Parallel.ForEachAsync(Enumerable.Range(0, 2000), async (_, token) =>
    {
        using var lease = await cache.GetAsync(name, token);
    });

    // Background work finishes on the thread pool; wait for its visible effect, bounded only to fail a broken build.
    private static async Task UntilAsync(Func<bool> condition)
    {
        for (var i = 0; !condition(); i++)
        {
            Assert.True(i < 3000, "the background revalidation did not happen");
            await Task.Delay(10);
        }
    }

    /// <summary>Counts reads per name and can pretend to be down or slow.</summary>
    private sealed class CountingStore(IKeyStore inner) : IKeyStore
    {
        private readonly ConcurrentDictionary<string, int> _reads = new();

        public bool Down { get; set; }

        public TimeSpan GetDelay { get; set; }

        public int Reads(string name) => _reads.GetValueOrDefault(name);

        public Task CreateAsync(string name, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) => inner.CreateAsync(name, value, cancellationToken);

        public async Task<byte[]> GetAsync(string name, CancellationToken cancellationToken)
        {
            _reads.AddOrUpdate(name, 1, (_, n) => n + 1);
            if (GetDelay > TimeSpan.Zero)
            {
                await Task.Delay(GetDelay, cancellationToken);
            }

            return Down ? throw new KeyStoreUnreachableException() : await inner.GetAsync(name, cancellationToken);
        }

        public Task DeleteAsync(string name, CancellationToken cancellationToken) => inner.DeleteAsync(name, cancellationToken);

        public Task<KeyListPage> ListAsync(string prefix, int limit, CancellationToken cancellationToken) => inner.ListAsync(prefix, limit, cancellationToken);

        public Task<TimeSpan> StatusAsync(CancellationToken cancellationToken) =>
            Down ? Task.FromException<TimeSpan>(new KeyStoreUnreachableException()) : inner.StatusAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
