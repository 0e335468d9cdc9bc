using System.Security.Cryptography.X509Certificates;
using Kes.Bench.Load;
using Kes.IntegrationTests.Server;

namespace Kes.IntegrationTests.Bench;

/// <summary>A smoke run of the load tool: a few hundred requests against a real server prove it drives, counts and reads the server's counters, over C connections or over one HTTP/2 connection as MinIO does.</summary>
public sealed class LoadToolSmokeTests : IAsyncLifetime, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kes-load-").FullName;
    private KesTestServer _server = null!;

    public async Task InitializeAsync() => _server = await KesTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("generate", false, 1)]
    [InlineData("decrypt", true, 0)]
    public async Task A_few_hundred_requests_are_driven_and_counted(string operation, bool http2, long keyStoreReads)
    {
        var result = await RunAsync(operation, http2, oneConnection: false);

        Assert.Equal(http2 ? "h2" : "http/1.1", result.Protocol);
        Assert.Equal(4, result.OpenedConnections);
        Assert.Equal(300, result.Requests);
        Assert.Equal(0, result.Errors);
        Assert.True(result.OpsPerSecond > 0);
        Assert.True(result.P50Ms <= result.P99Ms && result.P99Ms <= result.MaxMs);
        Assert.True(result.ServerBytesPerRequest > 0, "the server's allocation counter was not read");
        // One keystore read per key per cache period, however many requests: the fresh key of a generate run is
        // read once; a decrypt run's key was read (and cached) by the generate that made its ciphertext.
        Assert.Equal(keyStoreReads, result.KeyStoreReads);
    }

    [Theory]
    [InlineData("generate")]
    [InlineData("decrypt")]
    public async Task MinIOs_pattern_sends_every_stream_over_one_HTTP2_connection(string operation)
    {
        var result = await RunAsync(operation, http2: false, oneConnection: true);

        // The tool counts every TCP connect it makes: preparation, counters and all 8 streams shared one.
        Assert.Equal("h2", result.Protocol);
        Assert.Equal(1, result.OpenedConnections);
        Assert.Equal(8, result.Connections);
        Assert.Equal(300, result.Requests);
        Assert.Equal(0, result.Errors);
    }

    private async Task<LoadResult> RunAsync(string operation, bool http2, bool oneConnection)
    {
        var certificate = Path.Combine(_folder, "client.crt");
        var key = Path.Combine(_folder, "client.key");
        await File.WriteAllTextAsync(certificate, _server.Identities.Admin.ExportCertificatePem());
        using (var ecdsa = _server.Identities.Admin.GetECDsaPrivateKey()!)
        {
            await File.WriteAllTextAsync(key, ecdsa.ExportPkcs8PrivateKeyPem());
        }

        return await LoadRunner.RunAsync(
            new LoadOptions
            {
                Servers = [_server.BaseAddress],
                Operation = operation,
                Connections = oneConnection ? 8 : 4,
                Requests = 300,
                Http2 = http2,
                OneConnection = oneConnection,
                CertificateFile = certificate,
                KeyFile = key,
                WarmUp = TimeSpan.Zero,
            },
            "kes",
            isKes: true,
            CancellationToken.None);
    }
}
