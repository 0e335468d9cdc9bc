using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Kes.Domain.Errors;
using Kes.Domain.Ports;

namespace Kes.Infrastructure.KeyStores.Aws;

/// <summary>KES keys as AWS Secrets Manager secrets, encrypted by a KMS key (docs/keystores.md §6, docs/COMPATIBILITY.md D11 and D12).</summary>
/// <remarks>
/// Layout as upstream's, so both servers share an account: secret name = key name, <c>SecretString</c>
/// = the stored value verbatim, <c>KmsKeyId</c> = the configured key. A value that is not UTF-8 text
/// (never one KES writes) goes to <c>SecretBinary</c>, which is also read. Errors: ResourceExists →
/// 400 <c>key already exists</c>, ResourceNotFound → 404, network failures and timeouts →
/// <see cref="KeyStoreUnreachableException"/>, everything else → <see cref="AwsKeyStoreException"/>
/// naming the operation, the key and the AWS error (502 for the client, details in the error log).
/// </remarks>
public sealed class AwsSecretsManagerKeyStore : IKeyStore
{
    // The largest ListSecrets page AWS serves.
    private const int ListPageSize = 100;

    // The characters of a secret name; a prefix with any other cannot match one, and AWS would reject it as a filter value.
    private static readonly SearchValues<char> SecretNameCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/_+=.@-");

    private static readonly byte[] HealthCheckBody = JsonSerializer.SerializeToUtf8Bytes(
        new ListSecretsRequest(null, 1, null), SecretsManagerJson.Default.ListSecretsRequest);

    private readonly SecretsManagerClient _client;
    private readonly KmsKeyCheck? _kms;
    private readonly AwsKeyStoreOptions _options;
    private readonly Lock _healthGate = new();
    private Task<TimeSpan>? _health;
    private long _healthStarted;
    private volatile bool _disposed;

    private AwsSecretsManagerKeyStore(SecretsManagerClient client, KmsKeyCheck? kms, AwsKeyStoreOptions options)
    {
        _client = client;
        _kms = kms;
        _options = options;
        Description = "AWS SecretsManager: " + options.Endpoint;
    }

    /// <summary>The banner string: <c>AWS SecretsManager: &lt;endpoint&gt;</c>, the endpoint as configured.</summary>
    public string Description { get; }

    /// <summary>Checks the settings, resolves the credentials, checks the KMS key and runs a first health check; any failure aborts.</summary>
    /// <exception cref="AwsKeyStoreException">A setting is missing or invalid, no credentials were found, the KMS key is unusable, or AWS refused the health check.</exception>
    /// <exception cref="KeyStoreUnreachableException">The endpoint did not answer.</exception>
    public static async Task<AwsSecretsManagerKeyStore> ConnectAsync(AwsKeyStoreOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        AwsEndpoints.CheckRegion(options.Region);
        var endpoint = AwsEndpoints.SecretsManager(options.Endpoint);
        var kmsEndpoint = AwsEndpoints.Kms(options.KmsEndpoint, endpoint);
        CheckLimits(options);

        var credentials = await AwsCredentialSource.ResolveAsync(
            options, new SignerClientConfig(endpoint, options.Region, SecretsManagerClient.Service), cancellationToken).ConfigureAwait(false);
        var kms = options.KmsKey.Length == 0 ? null : new KmsKeyCheck(credentials, kmsEndpoint, options);
        var store = new AwsSecretsManagerKeyStore(new SecretsManagerClient(endpoint, options.Region, credentials, options), kms, options);
        try
        {
            if (kms is not null)
            {
                await kms.CheckUsableAsync(cancellationToken).ConfigureAwait(false);
            }

            await store.StatusAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task CreateAsync(string name, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        CheckName(name);
        ObjectDisposedException.ThrowIf(_disposed, this);

        // One idempotency token for all attempts: a retried create that had in fact succeeded is not reported as "exists".
        var body = SecretValueJson.CreateSecret(name, value.Span, _options.KmsKey, Guid.NewGuid());
        try
        {
            using var _ = await _client.CallAsync("CreateSecret", body, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsKeyStoreException e)
        {
            throw AwsErrorMapping.Create(name, e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(body);
        }
    }

    /// <inheritdoc />
    public async Task<byte[]> GetAsync(string name, CancellationToken cancellationToken)
    {
        CheckName(name);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var request = JsonSerializer.SerializeToUtf8Bytes(new SecretIdRequest(name), SecretsManagerJson.Default.SecretIdRequest);

        ResponseBody answer;
        try
        {
            answer = await _client.CallAsync("GetSecretValue", request, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsKeyStoreException e)
        {
            throw AwsErrorMapping.Get(name, e);
        }

        using (answer)
        {
            byte[]? value;
            try
            {
                value = SecretValueJson.ReadSecretValue(answer.Span);
            }
            catch (JsonException)
            {
                // The exception would quote the answer, which holds the secret.
                throw new AwsKeyStoreException($"aws: failed to read '{name}': the GetSecretValue answer is not valid JSON");
            }

            return value ?? throw new AwsKeyStoreException($"aws: failed to read '{name}': the secret has neither SecretString nor SecretBinary");
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        CheckName(name);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var request = JsonSerializer.SerializeToUtf8Bytes(new DeleteSecretRequest(name, true), SecretsManagerJson.Default.DeleteSecretRequest);
        try
        {
            using var _ = await _client.CallAsync("DeleteSecret", request, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsKeyStoreException e)
        {
            throw AwsErrorMapping.Delete(name, e);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// With a prefix, AWS narrows the listing with its case-sensitive <c>name</c> filter and the names are
    /// matched again here, so a lenient emulator cannot widen the result (D11). Every matching secret is
    /// listed, KES key or not, as upstream does.
    /// </remarks>
    public async Task<KeyListPage> ListAsync(string prefix, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (prefix.AsSpan().ContainsAnyExcept(SecretNameCharacters))
        {
            return new KeyListPage([], string.Empty);
        }

        IReadOnlyList<SecretsFilter>? filters = prefix.Length == 0 ? null : [new SecretsFilter("name", [prefix])];
        var names = new List<string>();
        string? next = null;
        do
        {
            var request = JsonSerializer.SerializeToUtf8Bytes(new ListSecretsRequest(filters, ListPageSize, next), SecretsManagerJson.Default.ListSecretsRequest);
            var page = await ListPageAsync(request, cancellationToken).ConfigureAwait(false);
            foreach (var secret in page.SecretList ?? [])
            {
                if (secret.Name is { } name && name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    names.Add(name);
                }
            }

            next = page.NextToken;
        }
        while (!string.IsNullOrEmpty(next));

        return KeyListPaging.Page(names, prefix, limit);
    }

    /// <inheritdoc />
    /// <remarks>
    /// A signed ListSecrets of one entry, proving endpoint, credentials and region, plus the KMS key's
    /// state when one is configured. The result is reused for <see cref="AwsKeyStoreOptions.HealthCheckInterval"/>.
    /// </remarks>
    public Task<TimeSpan> StatusAsync(CancellationToken cancellationToken)
    {
        if (_disposed)
        {
            return Task.FromException<TimeSpan>(new ObjectDisposedException(GetType().FullName));
        }

        Task<TimeSpan> health;
        lock (_healthGate)
        {
            var fresh = _health is { } last
                && (!last.IsCompleted || Stopwatch.GetElapsedTime(_healthStarted) < _options.HealthCheckInterval);
            if (!fresh)
            {
                _healthStarted = Stopwatch.GetTimestamp();
                _health = CheckHealthAsync();
            }

            health = _health!;
        }

        return health.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            _client.Dispose();
            _kms?.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private static void CheckName(string name) => ArgumentException.ThrowIfNullOrEmpty(name);

    private static void CheckLimits(AwsKeyStoreOptions options)
    {
        if (options.AttemptTimeout <= TimeSpan.Zero || options.CallBudget <= TimeSpan.Zero || options.MaxAttempts < 1
            || options.RetryBaseDelay < TimeSpan.Zero || options.MaxRetryDelay < TimeSpan.Zero || options.HealthCheckInterval < TimeSpan.Zero)
        {
            throw new AwsKeyStoreException("aws: invalid client limits: " + options);
        }
    }

    private async Task<ListSecretsResponse> ListPageAsync(byte[] request, CancellationToken cancellationToken)
    {
        try
        {
            using var answer = await _client.CallAsync("ListSecrets", request, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.Deserialize(answer.Span, SecretsManagerJson.Default.ListSecretsResponse)
                ?? throw new AwsKeyStoreException("aws: failed to list secrets: empty ListSecrets answer");
        }
        catch (AwsKeyStoreException e)
        {
            throw AwsErrorMapping.List(e);
        }
        catch (JsonException e)
        {
            throw new AwsKeyStoreException("aws: failed to list secrets: invalid ListSecrets answer: " + e.Message, e);
        }
    }

    // Runs on its own time limits, not a caller's: concurrent callers share it and its result is cached.
    private async Task<TimeSpan> CheckHealthAsync()
    {
        using var budget = new CancellationTokenSource(_options.CallBudget);
        try
        {
            var latency = await ListOneSecretAsync(budget.Token).ConfigureAwait(false);
            if (_kms is not null)
            {
                await _kms.CheckEnabledAsync(budget.Token).ConfigureAwait(false);
            }

            return latency;
        }
        catch (OperationCanceledException e) when (budget.IsCancellationRequested)
        {
            throw new KeyStoreUnreachableException(new TimeoutException(
                $"aws: health check got no answer within {_options.CallBudget.TotalMilliseconds:F0} ms", e));
        }
    }

    private async Task<TimeSpan> ListOneSecretAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var _ = await _client.CallAsync("ListSecrets", HealthCheckBody, cancellationToken).ConfigureAwait(false);
            return Stopwatch.GetElapsedTime(started);
        }
        catch (AwsKeyStoreException e)
        {
            throw AwsErrorMapping.Health(e);
        }
    }
}
