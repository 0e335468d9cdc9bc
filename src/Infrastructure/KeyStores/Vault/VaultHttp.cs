using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Kes.Domain.Errors;
using Kes.Credentials.Certificates;

namespace Kes.Infrastructure.KeyStores.Vault;

/// <summary>Vault's HTTP API on one <see cref="HttpClient"/>: <c>/v1/</c> paths, the token and namespace headers, bounded time, TLS as configured.</summary>
/// <remarks>Network-level failures and timeouts are <see cref="KeyStoreUnreachableException"/>; any HTTP answer is returned to the caller to map.</remarks>
internal sealed class VaultHttp : IDisposable
{
    /// <summary>Vault's <c>LIST</c> verb (KV listing).</summary>
    public static readonly HttpMethod List = new("LIST");

    // A KV entry holds one key of a few hundred bytes; a LIST of many thousand names stays far below this.
    private const int MaxAnswerSize = 16 << 20;

    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly TimeSpan _timeout;

    public VaultHttp(VaultKeyStoreConfig config, VaultConnectOptions options)
    {
        _base = new Uri(config.Endpoint.TrimEnd('/') + "/v1/");
        _timeout = options.RequestTimeout;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            AllowAutoRedirect = false,
            SslOptions = Tls(config),
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Sends one request; <paramref name="ns"/> empty or <c>/</c> sends no namespace header, a null <paramref name="token"/> no token.</summary>
    /// <exception cref="KeyStoreUnreachableException">No answer: connection, DNS or TLS failure, or none within the request timeout.</exception>
    public async Task<VaultAnswer> SendAsync(HttpMethod method, string path, byte[]? body, int bodyLength, string ns, string? token, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_timeout);
        using var request = new HttpRequestMessage(method, new Uri(_base, path));
        request.Headers.TryAddWithoutValidation("X-Vault-Request", "true");
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Vault-Token", token);
        }

        if (ns.Length != 0 && ns != "/")
        {
            request.Headers.TryAddWithoutValidation("X-Vault-Namespace", ns);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(body, 0, bodyLength);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        }

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token).ConfigureAwait(false);
            if (response.Content.Headers.ContentLength > MaxAnswerSize)
            {
                throw new VaultKeyStoreException($"vault: answer to {method} {path} larger than {MaxAnswerSize} bytes", (int)response.StatusCode);
            }

            var bytes = await response.Content.ReadAsByteArrayAsync(limit.Token).ConfigureAwait(false);
            return new VaultAnswer((int)response.StatusCode, bytes);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new KeyStoreUnreachableException(new TimeoutException(
                $"vault: {method} {path} got no answer from {_base.GetLeftPart(UriPartial.Authority)} within {_timeout.TotalMilliseconds:F0} ms", e));
        }
        catch (HttpRequestException e)
        {
            throw new KeyStoreUnreachableException(e);
        }
        catch (IOException e)
        {
            throw new KeyStoreUnreachableException(e);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static SslClientAuthenticationOptions Tls(VaultKeyStoreConfig config)
    {
        var options = new SslClientAuthenticationOptions();
        if (config.TlsCert.Length != 0)
        {
            options.ClientCertificates = [X509Certificate2.CreateFromPemFile(config.TlsCert, config.TlsKey)];
        }

        if (config.TlsCa.Length != 0)
        {
            // Upstream adds the CA file or folder to the system roots (docs/config.md §4.3).
            var roots = CaLoader.Load(config.TlsCa);
            options.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None
                || (errors == SslPolicyErrors.RemoteCertificateChainErrors && certificate is X509Certificate2 leaf && ChainsTo(leaf, roots));
        }

        return options;
    }

    private static bool ChainsTo(X509Certificate2 leaf, X509Certificate2Collection roots)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
