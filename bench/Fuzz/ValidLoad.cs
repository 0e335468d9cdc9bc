using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Kes.Bench.Fuzz;

/// <summary>Valid traffic as MinIO sends it: one HTTP/2 connection, many concurrent streams, <c>generate</c> and <c>decrypt</c> alternating on one key.</summary>
public sealed class ValidLoad : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly HttpClient _client;
    private readonly string _key = "combined-" + Guid.NewGuid().ToString("N");

    /// <summary>A client for <paramref name="server"/> as <paramref name="admin"/> that holds at most one connection.</summary>
    public ValidLoad(Uri server, X509Certificate2 admin, X509Certificate2 serverCertificate)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = ClientTls.Options(admin, serverCertificate, SslApplicationProtocol.Http2),
            MaxConnectionsPerServer = 1,
            EnableMultipleHttp2Connections = false,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _client = new HttpClient(handler)
        {
            BaseAddress = server,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = Patience,
        };
    }

    /// <summary>Creates the key and one ciphertext, then sends <paramref name="count"/> requests, <paramref name="streams"/> at once: even ones <c>PUT /v1/key/generate/&lt;key&gt;</c> with <c>{}</c>, odd ones <c>PUT /v1/key/decrypt/&lt;key&gt;</c> of the ciphertext.</summary>
    /// <exception cref="HttpRequestException">The key or the ciphertext could not be made.</exception>
    public async Task<ValidLoadResult> RunAsync(long count, int streams, CancellationToken cancellationToken)
    {
        using (var created = await SendAsync("create", null, cancellationToken).ConfigureAwait(false))
        {
            created.EnsureSuccessStatusCode();
        }

        string ciphertext;
        using (var generated = await SendAsync("generate", "{}", cancellationToken).ConfigureAwait(false))
        {
            generated.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await generated.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
            ciphertext = json.RootElement.GetProperty("ciphertext").GetString()!;
        }

        var decrypt = $"{{\"ciphertext\":\"{ciphertext}\"}}";
        long next = -1;
        long failures = 0;
        string? firstFailure = null;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, streams).Select(_ => Task.Run(
            async () =>
            {
                for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
                {
                    var failure = await FailureOfAsync(i % 2 == 0 ? "generate" : "decrypt", i % 2 == 0 ? "{}" : decrypt, cancellationToken).ConfigureAwait(false);
                    if (failure is not null)
                    {
                        Interlocked.Increment(ref failures);
                        Interlocked.CompareExchange(ref firstFailure, failure, null);
                    }
                }
            },
            cancellationToken))).ConfigureAwait(false);
        return new ValidLoadResult(count, failures, firstFailure, clock.Elapsed);
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private async Task<string?> FailureOfAsync(string operation, string body, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendAsync(operation, body, cancellationToken).ConfigureAwait(false);
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK ? null : $"{operation}: {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"{operation}: {e.Message}";
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string operation, string? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/key/{operation}/{_key}");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
