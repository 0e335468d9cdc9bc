using Kes.Application.Caching;
using Kes.Application.Keys;
using Kes.Application.Requests;
using Kes.Domain.Keys;
using Kes.Domain.Ports;
using Kes.Infrastructure.Crypto;
using Kes.UnitTests.Caching;
using Kes.UnitTests.Pipeline;
using Microsoft.Extensions.Time.Testing;

namespace Kes.UnitTests.Keys;

/// <summary>The generate handler draws the data key, the iv and the nonce in one call to the random source (docs/crypto.md §8), and each lands where the format puts it.</summary>
public sealed class GenerateDataKeyHandlerTests : IAsyncDisposable
{
    private static readonly byte[] AssociatedData = "{\"bucket\":\"b/o\"}"u8.ToArray();
    private readonly FakeKeyStore _store = new();
    private readonly ISealer _sealer = Sealers.Create(SealerKind.Fast);
    private readonly KeyCache _cache;
    private readonly byte[] _key = Enumerable.Range(100, SecretKey.Size).Select(i => (byte)i).ToArray();

    public GenerateDataKeyHandlerTests()
    {
        _store.Put("k", _key);
        _cache = new KeyCache(_store, new FakeSealer(), _sealer, new CacheOptions(TimeSpan.FromMinutes(5), TimeSpan.Zero, TimeSpan.Zero) { Revalidate = TimeSpan.Zero }, new FakeTimeProvider());
    }

    public async ValueTask DisposeAsync()
    {
        await _cache.DisposeAsync();
        await _store.DisposeAsync();
    }

    [Fact]
    public async Task One_draw_gives_the_data_key_then_the_iv_and_nonce_of_its_ciphertext()
    {
        var random = new CountingRandom();
        var handler = new GenerateDataKeyHandler(random);
        using var dataKey = await handler.Handle(Request(), CancellationToken.None);

        var drawn = Assert.Single(random.Draws);
        Assert.Equal(32 + 16 + 12, drawn.Length);
        var block = Copy(dataKey);
        var plaintext = block[..32];
        var ciphertext = block[32..];
        Assert.Equal(32 + 44, ciphertext.Length);
        Assert.Equal(drawn[..32], plaintext);
        Assert.Equal(drawn[32..48], ciphertext[^28..^12]);
        Assert.Equal(drawn[48..60], ciphertext[^12..]);
        Assert.NotEqual(drawn[32..60], ciphertext[..28]);

        using var cipher = _sealer.CreateCipher(SecretKey.FromBytes(KeyAlgorithm.Aes256, _key));
        var opened = new byte[ciphertext.Length];
        Assert.True(cipher.TryOpen(ciphertext, AssociatedData, opened, out var written));
        Assert.Equal(plaintext, opened[..written]);
    }

    [Fact]
    public async Task Data_keys_and_their_ivs_differ_from_request_to_request_with_the_OS_source()
    {
        var handler = new GenerateDataKeyHandler(new OsRandomSource());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 64; i++)
        {
            using var dataKey = await handler.Handle(Request(), CancellationToken.None);
            var block = Copy(dataKey);
            Assert.True(seen.Add(Convert.ToHexString(block[..32])), "a data key repeated");
            Assert.True(seen.Add(Convert.ToHexString(block[^28..])), "an iv and nonce repeated");
        }
    }

    private GenerateDataKey Request() =>
        new(new RequestContext { Path = "/v1/key/generate/k", State = new TestState(TestState.Empty.Policies, cache: _cache) }, "k", null, AssociatedData);

    private static byte[] Copy(DataKey dataKey)
    {
        var copy = new byte[DataKey.PlaintextSize + DataKey.PlaintextSize + IKeyCipher.Overhead];
        dataKey.Use(copy, static (bytes, destination) => bytes.CopyTo(destination));
        return copy;
    }

    /// <summary>Fills with a running counter and records each draw.</summary>
    private sealed class CountingRandom : IRandomSource
    {
        private byte _next = 1;

        public List<byte[]> Draws { get; } = [];

        public void Fill(Span<byte> destination)
        {
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] = _next++;
            }

            Draws.Add(destination.ToArray());
        }
    }
}
