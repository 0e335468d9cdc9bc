using System.Net;
using System.Text.Json;
using Kes.Domain.Policies;
using Kes.Infrastructure.KeyStores.InMemory;
using Kes.IntegrationTests.Server;

namespace Kes.IntegrationTests.Hosting;

/// <summary>A reload swaps the whole server state or nothing, and never pulls the keystore from under a request (docs/config.md §6).</summary>
public sealed class ServerStateReloadTests
{
    /// <summary>How long a test waits for something that must happen before it gives up; a hang guard, not a timing assertion.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_reload_whose_declared_key_cannot_be_created_keeps_the_old_state_whole_and_says_why()
    {
        var store = new GatedKeyStore();
        store.Open();
        await using var server = await KesTestServer.StartAsync(store: store);
        var admin = server.Admin();
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync("POST", "/v1/key/create/before")).StatusCode);
        var before = server.Host.State;
        var broken = new FailingKeyStore(() => new IOException("disk on fire"));

        var reloaded = await server.Host.ReloadAsync(() => before.Settings with
        {
            KeyStore = broken,
            DeclaredKeys = ["needed"],
            Policies = PolicySet.Create(before.Settings.Admin, []),
        });

        Assert.Null(reloaded);
        Assert.Same(before, server.Host.State);
        Assert.Contains("Failed to reload server config:", server.Stderr.ToString(), StringComparison.Ordinal);
        Assert.False(store.Disposed.IsCompleted);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync("POST", "/v1/key/generate/before", "{}")).StatusCode);
        var allowed = server.Client(server.Identities.Allowed);
        Assert.Equal(HttpStatusCode.OK, (await allowed.SendAsync("POST", "/v1/key/generate/before", "{}")).StatusCode);
    }

    [Fact]
    public async Task A_reload_whose_settings_cannot_be_read_keeps_the_old_state()
    {
        await using var server = await KesTestServer.StartAsync();
        var before = server.Host.State;

        var reloaded = await server.Host.ReloadAsync(() => throw new InvalidDataException("policy 'x': invalid pattern"));

        Assert.Null(reloaded);
        Assert.Same(before, server.Host.State);
        Assert.Contains("Failed to reload server config: policy 'x': invalid pattern", server.Stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await server.Admin().SendAsync("GET", "/v1/status")).StatusCode);
    }

    [Fact]
    public async Task A_cache_miss_in_flight_on_the_old_state_completes_after_the_swap_and_only_then_is_the_old_keystore_closed()
    {
        var old = new GatedKeyStore();
        await using var server = await KesTestServer.StartAsync(store: old);
        var admin = server.Admin();
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync("POST", "/v1/key/create/old-key")).StatusCode);

        var inFlight = admin.SendAsync("POST", "/v1/key/generate/old-key", "{}");
        await old.ReadStarted.WaitAsync(Patience);
        var replacement = new InMemoryKeyStore();
        var reloaded = await server.Host.ReloadAsync(() => server.Host.Settings with { KeyStore = replacement, DeclaredKeys = ["new-key"] });

        Assert.NotNull(reloaded);
        Assert.Same(replacement, server.Host.State.Cache.Store);
        Assert.False(old.Disposed.IsCompleted, "the old keystore stays open while a request still uses it");
        old.Open();
        using var response = await inFlight.WaitAsync(Patience);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(32, json.RootElement.GetProperty("plaintext").GetBytesFromBase64().Length);
        await old.Disposed.WaitAsync(Patience);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.SendAsync("POST", "/v1/key/generate/old-key", "{}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync("POST", "/v1/key/generate/new-key", "{}")).StatusCode);
    }

    [Fact]
    public async Task An_open_log_stream_does_not_keep_the_replaced_keystore_open()
    {
        var old = new GatedKeyStore();
        await using var server = await KesTestServer.StartAsync(store: old);
        await using var subscription = await LogSubscription.OpenAsync(server.Admin(HttpVersion.Version20), "/v1/log/error");
        Assert.Equal(HttpStatusCode.OK, subscription.Response.StatusCode);

        Assert.NotNull(await server.Host.ReloadAsync(() => server.Host.Settings with { KeyStore = new InMemoryKeyStore() }));

        await old.Disposed.WaitAsync(Patience);
    }
}
