using Kes.Application.Caching;
using Kes.Domain.Errors;
using Microsoft.Extensions.Time.Testing;

namespace Kes.UnitTests.Caching;

/// <summary>The key cache (docs/keystores.md §3) against a fake keystore and a fake clock: single fetch, the three expiries, zeroing, offline mode.</summary>
public sealed class KeyCacheTests : IAsyncDisposable
{
    private static readonly TimeSpan Off = TimeSpan.Zero;
    private readonly FakeKeyStore _store = new();
    private readonly FakeSealer _sealer = new();
    private readonly FakeTimeProvider _time = new();

    public KeyCacheTests()
    {
        foreach (var (name, fill) in new[] { ("a", (byte)1), ("b", (byte)2), ("c", (byte)3) })
        {
            _store.Put(name, Enumerable.Repeat(fill, 32).ToArray());
        }
    }

    public ValueTask DisposeAsync() => _store.DisposeAsync();

    // Revalidation is off here: it re-reads keys in the background, and these tests count the reads that the
    // expiry rules alone cause. Revalidation has its own tests (tests/Integration/Caching/ChangedElsewhereTests.cs).
    private KeyCache NewCache(TimeSpan any, TimeSpan unused, TimeSpan offline) =>
        new(_store, _sealer, _sealer, new CacheOptions(any, unused, offline) { Revalidate = TimeSpan.Zero }, _time);

    private static async Task Touch(KeyCache cache, string name) => (await cache.GetAsync(name, CancellationToken.None)).Dispose();

    [Fact]
    public async Task Concurrent_misses_for_one_key_wait_for_a_single_keystore_read()
    {
        _store.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var cache = NewCache(TimeSpan.FromMinutes(5), Off, Off);
        var pending = Enumerable.Range(0, 32).Select(_ => Task.Run(() => cache.GetAsync("a", CancellationToken.None).AsTask())).ToArray();
        while (_store.Reads("a") == 0)
        {
            await Task.Yield();
        }

        Assert.All(pending, task => Assert.False(task.IsCompletedSuccessfully));
        _store.Gate.SetResult();
        var leases = await Task.WhenAll(pending);
        foreach (var lease in leases)
        {
            Assert.Same(leases[0].Key, lease.Key);
            lease.Dispose();
        }

        Assert.Equal(1, _store.Reads("a"));
        Assert.Single(_sealer.Ciphers);
    }

    [Fact]
    public async Task Each_key_is_read_once_and_then_served_from_the_cache()
    {
        await using var cache = NewCache(TimeSpan.FromMinutes(5), Off, Off);
        for (var i = 0; i < 10; i++)
        {
            await Touch(cache, "a");
            await Touch(cache, "b");
        }

        Assert.Equal(1, _store.Reads("a"));
        Assert.Equal(1, _store.Reads("b"));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public async Task A_missing_key_is_404_and_is_asked_again_next_time()
    {
        await using var cache = NewCache(TimeSpan.FromMinutes(5), Off, Off);
        for (var i = 1; i <= 2; i++)
        {
            var error = await Assert.ThrowsAsync<KesException>(() => cache.GetAsync("missing", CancellationToken.None).AsTask());
            Assert.Same(KesError.KeyNotFound, error.Error);
            Assert.Equal(i, _store.Reads("missing"));
        }

        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task The_any_expiry_drops_every_entry_at_its_period_and_not_before()
    {
        await using var cache = NewCache(TimeSpan.FromMinutes(5), Off, Off);
        await Touch(cache, "a");
        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        await Touch(cache, "a");
        Assert.Equal(1, _store.Reads("a"));

        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(0, cache.Count);
        await Touch(cache, "a");
        Assert.Equal(2, _store.Reads("a"));
    }

    [Fact]
    public async Task The_unused_expiry_drops_only_keys_nobody_asked_for_during_the_last_half_period()
    {
        await using var cache = NewCache(Off, TimeSpan.FromSeconds(30), Off);
        await Touch(cache, "a");
        await Touch(cache, "b");
        _time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(2, cache.Count);

        await Touch(cache, "b");
        _time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(1, cache.Count);
        await Touch(cache, "b");
        Assert.Equal(1, _store.Reads("b"));

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task An_evicted_key_is_zeroed_at_once_when_no_request_holds_it()
    {
        await using var cache = NewCache(TimeSpan.FromMinutes(1), Off, Off);
        var lease = await cache.GetAsync("a", CancellationToken.None);
        var key = lease.Key;
        lease.Dispose();
        Assert.False(_sealer.Ciphers[0].Disposed);

        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.True(_sealer.Ciphers[0].Disposed);
        Assert.Throws<ObjectDisposedException>(() => key.Version.Key.CopyTo(new byte[32]));
    }

    [Fact]
    public async Task A_key_evicted_while_in_use_is_zeroed_when_the_last_request_lets_go()
    {
        await using var cache = NewCache(TimeSpan.FromMinutes(1), Off, Off);
        var first = await cache.GetAsync("a", CancellationToken.None);
        var second = await cache.GetAsync("a", CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, cache.Count);

        first.Dispose();
        var bytes = new byte[32];
        second.Key.Version.Key.CopyTo(bytes);
        Assert.All(bytes, b => Assert.Equal(1, b));
        Assert.False(_sealer.Ciphers[0].Disposed);

        second.Dispose();
        Assert.True(_sealer.Ciphers[0].Disposed);
        Assert.Throws<ObjectDisposedException>(() => second.Key.Version.Key.CopyTo(bytes));
    }

    [Fact]
    public async Task Disposing_the_cache_zeroes_every_cached_key()
    {
        var cache = NewCache(TimeSpan.FromMinutes(5), Off, Off);
        await Touch(cache, "a");
        await Touch(cache, "b");
        await cache.DisposeAsync();
        Assert.Equal(2, _sealer.Ciphers.Count);
        Assert.All(_sealer.Ciphers, cipher => Assert.True(cipher.Disposed));
    }

    [Fact]
    public async Task Delete_evicts_and_zeroes_the_key_and_a_failed_delete_keeps_it()
    {
        await using var cache = NewCache(TimeSpan.FromMinutes(5), Off, Off);
        await Touch(cache, "a");
        var missing = await Assert.ThrowsAsync<KesException>(() => cache.DeleteAsync("missing", CancellationToken.None));
        Assert.Same(KesError.KeyNotFound, missing.Error);
        Assert.Equal(1, cache.Count);

        await cache.DeleteAsync("a", CancellationToken.None);
        Assert.Equal(0, cache.Count);
        Assert.True(_sealer.Ciphers[0].Disposed);
    }

    [Fact]
    public async Task While_offline_cached_keys_outlive_the_any_and_unused_expiries_until_the_offline_period()
    {
        await using var cache = NewCache(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(1));
        await Touch(cache, "a");
        _store.Down = true;
        await cache.ProbeAsync();
        Assert.True(cache.IsOffline);

        _time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(1, cache.Count);
        await Touch(cache, "a");
        Assert.Equal(1, _store.Reads("a"));

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, cache.Count);
        Assert.True(_sealer.Ciphers[0].Disposed);
    }

    [Fact]
    public async Task While_offline_an_uncached_key_is_a_read_failure_and_status_does_not_ask_the_keystore()
    {
        await using var cache = NewCache(TimeSpan.FromSeconds(20), Off, TimeSpan.FromMinutes(1));
        _store.Down = true;
        await cache.ProbeAsync();

        var error = await Assert.ThrowsAsync<KeyStoreException>(() => cache.GetAsync("c", CancellationToken.None).AsTask());
        Assert.Same(KesError.ReadKeyFailed, error.Error);
        Assert.IsType<KeyStoreUnreachableException>(error.InnerException);
        await Assert.ThrowsAsync<KeyStoreUnreachableException>(() => cache.StatusAsync(CancellationToken.None));

        _store.Down = false;
        await cache.ProbeAsync();
        Assert.False(cache.IsOffline);
        await Touch(cache, "c");
    }

    [Fact]
    public async Task Without_an_offline_period_an_unreachable_keystore_does_not_stop_the_expiry()
    {
        await using var cache = NewCache(TimeSpan.FromSeconds(20), Off, Off);
        await Touch(cache, "a");
        _store.Down = true;
        await cache.ProbeAsync();
        Assert.True(cache.IsOffline);

        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task The_health_probe_runs_every_ten_seconds_on_its_own()
    {
        await using var cache = NewCache(TimeSpan.FromMinutes(5), Off, TimeSpan.FromMinutes(1));
        _store.Down = true;
        _time.Advance(CacheOptions.HealthProbeInterval - TimeSpan.FromTicks(1));
        Assert.False(cache.IsOffline);
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.True(cache.IsOffline);
    }
}
