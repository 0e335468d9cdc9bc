using System.Diagnostics;
using Amazon.Runtime;
using Kes.Domain.Errors;

namespace Kes.Infrastructure.KeyStores.Aws;

/// <summary>A minimal Secrets Manager client: JSON 1.1 over HTTP, SigV4 by AWSSDK.Core, bounded retries and time limits.</summary>
/// <remarks>
/// Every call ends within <see cref="AwsKeyStoreOptions.CallBudget"/>. Throttling, 5xx answers and
/// attempts that time out are retried with exponential back-off and full jitter, inside the budget;
/// a connection that cannot be made fails at once, so the key cache can serve from memory without
/// waiting. Network-level failures and timeouts are <see cref="KeyStoreUnreachableException"/>; an
/// AWS error answer is <see cref="AwsKeyStoreException"/> with its code.
/// </remarks>
internal sealed class SecretsManagerClient : IDisposable
{
    /// <summary>The signing service and the <c>X-Amz-Target</c> prefix.</summary>
    public const string Service = "secretsmanager";

    // A page of 100 ListSecrets entries with tags stays far below this; a secret value is at most 64 KiB.
    private const int MaxResponseSize = 4 << 20;

    private readonly HttpClient _http;
    private readonly AwsRequestSigner _signer;
    private readonly AWSCredentials _credentials;
    private readonly AwsKeyStoreOptions _options;
    private readonly Uri _endpoint;

    public SecretsManagerClient(Uri endpoint, string region, AWSCredentials credentials, AwsKeyStoreOptions options)
    {
        _endpoint = endpoint;
        _credentials = credentials;
        _options = options;
        _signer = new AwsRequestSigner(endpoint, region, Service);
        _http = new HttpClient(
            new SocketsHttpHandler
            {
                ConnectTimeout = options.AttemptTimeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AllowAutoRedirect = false,
            })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Calls <c>secretsmanager.<paramref name="action"/></c> with <paramref name="body"/>; the answer's body is the caller's to dispose.</summary>
    /// <exception cref="AwsKeyStoreException">AWS answered with an error (after the retries it allows).</exception>
    /// <exception cref="KeyStoreUnreachableException">No answer: connection, DNS or TLS failure, or no answer within the time limits.</exception>
    public async Task<ResponseBody> CallAsync(string action, byte[] body, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var target = Service + "." + action;
        var started = Stopwatch.GetTimestamp();
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_options.CallBudget);

        for (var attempt = 1; ; attempt++)
        {
            Exception failure;
            using (var attemptLimit = CancellationTokenSource.CreateLinkedTokenSource(budget.Token))
            {
                attemptLimit.CancelAfter(_options.AttemptTimeout);
                try
                {
                    return await AttemptAsync(target, body, attemptLimit.Token).ConfigureAwait(false);
                }
                catch (AwsKeyStoreException e) when (AwsErrorResponse.IsRetryable(e))
                {
                    failure = e;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = new KeyStoreUnreachableException(new TimeoutException(
                        $"aws: {action} got no answer from {_endpoint} within {Elapsed(started).TotalMilliseconds:F0} ms"));
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

            var pause = Backoff(attempt);
            if (attempt >= _options.MaxAttempts || budget.IsCancellationRequested || Elapsed(started) + pause >= _options.CallBudget)
            {
                throw failure;
            }

            try
            {
                await Task.Delay(pause, budget.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw failure;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static TimeSpan Elapsed(long started) => Stopwatch.GetElapsedTime(started);

    private async Task<ResponseBody> AttemptAsync(string target, byte[] body, CancellationToken cancellationToken)
    {
        var credentials = await _credentials.GetCredentialsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        request.Content = new ByteArrayContent(body);
        foreach (var (name, value) in _signer.Sign(target, body, credentials))
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else if (!name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                // HttpClient derives the same Host from the URL; a second one would be rejected.
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var answer = await ResponseBody.ReadAsync(response.Content, MaxResponseSize, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return answer;
        }

        using (answer)
        {
            throw AwsErrorResponse.Parse((int)response.StatusCode, response.Headers, answer.Span);
        }
    }

    // Full jitter (AWS architecture blog "Exponential Backoff And Jitter"): uniform in [0, min(cap, base * 2^(n-1))).
    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(_options.MaxRetryDelay.TotalMilliseconds, _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
#pragma warning disable CA5394 // Jitter spreads retries; it protects nothing.
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
#pragma warning restore CA5394
    }
}
