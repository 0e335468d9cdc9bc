using System.Text;
using Kes.Api.Http.Json;
using Kes.Application.Keys;
using Kes.Application.Requests;
using Kes.Domain.Identities;
using Kes.Domain.Logs;
using Kes.IntegrationTests.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Kes.IntegrationTests.HotPath;

/// <summary>The generate and decrypt hot path allocates nothing of ours once warm: the request, its context, the body decoder, the data key and the reply block are values or pooled.</summary>
/// <remarks>Counts bytes, not time: <see cref="GC.GetAllocatedBytesForCurrentThread"/> around many calls that complete synchronously on this thread (the key is cached).</remarks>
[Collection(CountedAlone.Name)]
public sealed class HotPathAllocationTests : IAsyncLifetime
{
    private const int Calls = 2_000;
    private static readonly byte[] AssociatedData = "{\"bucket\":\"bucket/object\"}"u8.ToArray();
    private KesTestServer? _server;
    private Mediator.Mediator? _mediator;

    public async Task InitializeAsync()
    {
        _server = await KesTestServer.StartAsync(settings => settings with { AuditLogLevel = SlogLevels.Off });
        _mediator = _server.Services.GetRequiredService<Mediator.Mediator>();
        await _mediator.Send(new CreateKey(Context(_server.Identities.AdminIdentity, "/v1/key/create/hot"), "hot"));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Generating_a_data_key_through_the_pipeline_allocates_nothing(bool asAdmin)
    {
        var request = new GenerateDataKey(Context(Caller(asAdmin), "/v1/key/generate/hot"), "hot", null, AssociatedData);
        var allocated = Measure(() =>
        {
            var pending = _mediator!.Send(request);
            Check(pending.IsCompletedSuccessfully, "the cached key answers synchronously");
            using var key = pending.Result;
            key.Use(0, static (bytes, _) => Check(bytes.Length - DataKey.PlaintextSize == 76, "a data key's ciphertext is 76 bytes"));
        });

        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Decrypting_a_data_key_through_the_pipeline_allocates_nothing(bool asAdmin)
    {
        var context = Context(Caller(asAdmin), "/v1/key/decrypt/hot");
        byte[] ciphertext;
        using (var key = await _mediator!.Send(new GenerateDataKey(context, "hot", null, AssociatedData)))
        {
            ciphertext = new byte[76];
            key.Use(ciphertext, static (bytes, copy) => bytes[DataKey.PlaintextSize..].CopyTo(copy));
        }

        var request = new DecryptCiphertext(context, "hot", null, ciphertext, AssociatedData);
        var allocated = Measure(() =>
        {
            var pending = _mediator.Send(request);
            Check(pending.IsCompletedSuccessfully, "the cached key answers synchronously");
            using var plaintext = pending.Result;
            Check(plaintext.Length == 32, "the data key opens to 32 bytes");
        });

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Decoding_a_decrypt_body_allocates_nothing_and_yields_both_fields()
    {
        var ciphertext = Enumerable.Range(0, 76).Select(i => (byte)i).ToArray();
        var body = Encoding.UTF8.GetBytes($"{{\"ciphertext\":\"{Convert.ToBase64String(ciphertext)}\",\"context\":\"{Convert.ToBase64String(AssociatedData)}\"}}");
        BodyField[] fields = [new("ciphertext", true), new("context", true)];
        var allocated = Measure(() =>
        {
            using var decoded = GoJsonBody.Decode(body, fields);
            var error = decoded.Error;
            var first = decoded.Bytes(0, ref error);
            var second = decoded.Bytes(1, ref error);
            Check(error is null, "the body decodes");
            Check(first.Span.SequenceEqual(ciphertext), "the ciphertext field decodes");
            Check(second.Span.SequenceEqual(AssociatedData), "the context field decodes");
        });

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Matching_a_key_route_reuses_the_name_it_cut_out_last_time()
    {
        var table = _server!.Host.State.Routes;
        var route = table.Match("/v1/key/generate/my-key", out var first);
        Assert.NotNull(route);
        Assert.Equal("my-key", first);

        var allocated = Measure(() =>
        {
            table.Match("/v1/key/generate/my-key", out var again);
            Check(ReferenceEquals(first, again), "the same name comes back as the same string");
        });
        table.Match("/v1/key/decrypt/other-key", out var other);

        Assert.Equal(0, allocated);
        Assert.Equal("other-key", other);
    }

    private Identity Caller(bool asAdmin) => asAdmin ? _server!.Identities.AdminIdentity : _server!.Identities.AllowedIdentity;

    /// <summary>Fails the test without allocating when it passes (xunit's asserts may allocate, which would be counted).</summary>
    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new Xunit.Sdk.XunitException(what);
        }
    }

    private RequestContext Context(Identity identity, string path) => new() { Identity = identity, Method = "PUT", Path = path, State = _server!.Host.State };

    /// <summary>Bytes this thread allocates over <see cref="Calls"/> calls, after a warm-up that fills the pools and compiles the code.</summary>
    private static long Measure(Action call)
    {
        for (var i = 0; i < 200; i++)
        {
            call();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Calls; i++)
        {
            call();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
