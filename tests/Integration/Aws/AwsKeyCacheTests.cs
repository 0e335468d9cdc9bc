using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Kes.Application.Caching;
using Kes.Domain.Errors;
using Kes.Domain.Identities;
using Kes.Domain.Keys;
using Kes.Domain.Ports;
using Kes.Infrastructure.KeyStores.Aws;
using Kes.IntegrationTests.Aws.AwsEndpoint;

namespace Kes.IntegrationTests.Aws;

/// <summary>The key cache over the AWS store during outages: cached keys keep serving, uncached ones fail fast, recovery needs no restart.</summary>
/// <remarks>
/// The codec and sealer are test stand-ins (the key is derived from the stored text), because the
/// stored-key codec and the reference sealer are not on this branch yet; the cache logic under test is the real one.
/// </remarks>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "xunit disposes it through IAsyncLifetime.DisposeAsync")]
public sealed class AwsKeyCacheTests : IAsyncLifetime
{
    private static readonly CacheOptions Options = new(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));

    private FakeAwsEndpoint? _endpoint;
    private AwsSecretsManagerKeyStore? _store;
    private KeyCache? _cache;

    private FakeAwsEndpoint Endpoint => _endpoint!;

    private KeyCache Cache => _cache!;

    public async Task InitializeAsync()
    {
        _endpoint = await FakeAwsEndpoint.StartAsync();
        _store = await AwsSecretsManagerKeyStore.ConnectAsync(AwsTestOptions.For(_endpoint), default);
        _cache = new KeyCache(_store, new TextKeyCodec(), new StandInSealer(), Options, TimeProvider.System);
        await _store.CreateAsync("cached", "cached-text"u8.ToArray(), default);
        await _store.CreateAsync("uncached", "uncached-text"u8.ToArray(), default);
        using var warm = await Cache.GetAsync("cached", default);
    }

    public async Task DisposeAsync()
    {
        await Cache.DisposeAsync();
        await _store!.DisposeAsync();
        await Endpoint.DisposeAsync();
    }

    [Fact]
    public async Task While_the_endpoint_is_down_cached_keys_serve_uncached_ones_fail_fast_and_recovery_needs_no_restart()
    {
        await Endpoint.GoDownAsync();

        using (var lease = await Cache.GetAsync("cached", default))
        {
            Assert.Equal("cached", lease.Key.Name);
        }

        var started = Stopwatch.GetTimestamp();
        var unreachable = await Assert.ThrowsAsync<KeyStoreException>(async () => (await Cache.GetAsync("uncached", default)).Dispose());
        Assert.IsType<KeyStoreUnreachableException>(unreachable.InnerException);
        Assert.Equal(KesError.ReadKeyFailed, unreachable.Error);
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(2));
        await Cache.ProbeAsync();
        Assert.True(Cache.IsOffline);
        await Assert.ThrowsAsync<KeyStoreUnreachableException>(() => Cache.StatusAsync(default));

        await Endpoint.ComeBackAsync();

        using (var lease = await Cache.GetAsync("uncached", default))
        {
            Assert.Equal("uncached", lease.Key.Name);
        }

        await Cache.ProbeAsync();
        Assert.False(Cache.IsOffline);
        await Cache.StatusAsync(default);
    }

    [Fact]
    public async Task While_AWS_throttles_cached_keys_serve_and_uncached_ones_fail_within_the_budget_with_a_non_Kes_error()
    {
        Endpoint.Faults.Throttle(int.MaxValue);

        using (var lease = await Cache.GetAsync("cached", default))
        {
            Assert.Equal("cached", lease.Key.Name);
        }

        var started = Stopwatch.GetTimestamp();
        var wrapped = await Assert.ThrowsAsync<KeyStoreException>(async () => (await Cache.GetAsync("uncached", default)).Dispose());
        Assert.Equal(KesError.ReadKeyFailed, wrapped.Error);
        var exception = Assert.IsType<AwsKeyStoreException>(wrapped.InnerException);
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(3));
        Assert.IsNotType<KesException>(exception);
        Assert.Contains("ThrottlingException", exception.Message, StringComparison.Ordinal);

        Endpoint.Faults.Clear();

        using var recovered = await Cache.GetAsync("uncached", default);
        Assert.Equal("uncached", recovered.Key.Name);
    }

    [Fact]
    public async Task Cached_keys_are_served_without_asking_AWS()
    {
        Endpoint.ClearCalls();

        for (var i = 0; i < 10; i++)
        {
            using var lease = await Cache.GetAsync("cached", default);
        }

        Assert.Empty(Endpoint.CallsOf("GetSecretValue"));
    }

    /// <summary>Derives a key from the stored text, so that tests need no key-version codec.</summary>
    private sealed class TextKeyCodec : IKeyVersionCodec
    {
        public byte[] Encode(KeyVersion version) => throw new NotSupportedException("the cache tests store text directly");

        public KeyVersion Decode(ReadOnlySpan<byte> value)
        {
            Span<byte> key = stackalloc byte[SecretKey.Size];
            SHA256.HashData(value, key);
            try
            {
                return new KeyVersion(SecretKey.FromBytes(KeyAlgorithm.Aes256, key), null, KesTimestamp.Zero, Identity.Empty);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
    }

    /// <summary>A sealer whose ciphers only carry the algorithm; the tests look at which keys are served, not at ciphertexts.</summary>
    private sealed class StandInSealer : ISealer
    {
        public string Name => "stand-in";

        public IKeyCipher CreateCipher(SecretKey key) => new StandInCipher(key.Algorithm);

        public bool SelfTest() => true;
    }

    private sealed class StandInCipher(KeyAlgorithm algorithm) : IKeyCipher
    {
        public KeyAlgorithm Algorithm => algorithm;

        public int Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> destination) => throw new NotSupportedException();

        public int Seal(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> destination) =>
            throw new NotSupportedException();

        public bool TryOpen(ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> associatedData, Span<byte> destination, out int bytesWritten) =>
            throw new NotSupportedException();

        public void Dispose()
        {
        }
    }
}
