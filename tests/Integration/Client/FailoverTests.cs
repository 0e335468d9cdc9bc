using Kes.Client;
using Kes.Client.Credentials;
using Kes.Domain.Ports;
using Kes.Infrastructure.KeyStores.InMemory;
using Kes.Credentials.Keys;
using Kes.IntegrationTests.Server;

namespace Kes.IntegrationTests.Client;

public sealed class FailoverTests
{
    [Fact]
    public async Task Requests_fail_over_to_the_second_server_when_the_first_stops()
    {
        using var admin = ApiKey.Generate();
        var first = await KesTestServer.StartAsync(TestAccess.With(admin.Identity));
        await using var second = await KesTestServer.StartAsync(TestAccess.With(admin.Identity));
        using var credentials = KesCredentials.FromApiKey(admin);
        using var client = new KesClient(new KesClientOptions
        {
            Endpoints = [first.BaseAddress, second.BaseAddress],
            Credentials = credentials,
            InsecureSkipVerify = true,
        });
        foreach (var server in new[] { first, second })
        {
            using var direct = new KesClient(new KesClientOptions { Endpoints = [server.BaseAddress], Credentials = credentials, InsecureSkipVerify = true });
            await direct.CreateKeyAsync("shared");
        }

        for (var i = 0; i < 5; i++)
        {
            await client.DescribeKeyAsync("shared");
        }

        await first.DisposeAsync();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("shared", (await client.DescribeKeyAsync("shared")).Name);
        }
    }

    [Fact]
    public async Task A_502_from_one_server_sends_the_request_to_the_other()
    {
        using var admin = ApiKey.Generate();
        await using var broken = await KesTestServer.StartAsync(TestAccess.With(admin.Identity), new UnreadableStore());
        await using var healthy = await KesTestServer.StartAsync(TestAccess.With(admin.Identity));
        using var credentials = KesCredentials.FromApiKey(admin);
        using (var direct = new KesClient(new KesClientOptions { Endpoints = [healthy.BaseAddress], Credentials = credentials, InsecureSkipVerify = true }))
        {
            await direct.CreateKeyAsync("k");
        }

        using (var direct = new KesClient(new KesClientOptions { Endpoints = [broken.BaseAddress], Credentials = credentials, InsecureSkipVerify = true }))
        {
            var error = await Assert.ThrowsAsync<Kes.Client.Errors.KesClientException>(() => direct.DescribeKeyAsync("k"));
            Assert.Equal(new Kes.Client.Errors.KesClientError(502, "failed to read key"), error.Error);
        }

        using var client = new KesClient(new KesClientOptions { Endpoints = [broken.BaseAddress, healthy.BaseAddress], Credentials = credentials, InsecureSkipVerify = true });
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal("k", (await client.DescribeKeyAsync("k")).Name);
        }
    }

    /// <summary>A keystore whose reads fail with a backend error, so the server answers 502.</summary>
    private sealed class UnreadableStore : IKeyStore
    {
        private readonly InMemoryKeyStore _inner = new();

        public Task CreateAsync(string name, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) => _inner.CreateAsync(name, value, cancellationToken);

        public Task<byte[]> GetAsync(string name, CancellationToken cancellationToken) => Task.FromException<byte[]>(new InvalidOperationException("disk on fire"));

        public Task DeleteAsync(string name, CancellationToken cancellationToken) => _inner.DeleteAsync(name, cancellationToken);

        public Task<KeyListPage> ListAsync(string prefix, int limit, CancellationToken cancellationToken) => _inner.ListAsync(prefix, limit, cancellationToken);

        public Task<TimeSpan> StatusAsync(CancellationToken cancellationToken) => _inner.StatusAsync(cancellationToken);

        public ValueTask DisposeAsync() => _inner.DisposeAsync();
    }
}
