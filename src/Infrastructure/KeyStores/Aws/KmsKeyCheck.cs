using Amazon;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using Kes.Domain.Errors;

namespace Kes.Infrastructure.KeyStores.Aws;

/// <summary>Checks that the configured KMS key can encrypt new secrets: at startup in full, afterwards its state with each health check.</summary>
internal sealed class KmsKeyCheck : IDisposable
{
    private readonly AmazonKeyManagementServiceClient _client;
    private readonly AwsKeyStoreOptions _options;
    private string? _lastProblem;

    public KmsKeyCheck(AWSCredentials credentials, Uri? endpoint, AwsKeyStoreOptions options)
    {
        _options = options;
        var config = new AmazonKeyManagementServiceConfig
        {
            AuthenticationRegion = options.Region,
            Timeout = options.AttemptTimeout,
            MaxErrorRetry = Math.Max(0, options.MaxAttempts - 1),
            IgnoreConfiguredEndpointUrls = true,
        };
        if (endpoint is null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        else
        {
            config.ServiceURL = endpoint.ToString();
        }

        _client = new AmazonKeyManagementServiceClient(credentials, config);
    }

    private string KeyId => _options.KmsKey;

    /// <summary>Fails unless the key is an enabled symmetric encrypt/decrypt key, naming what is wrong.</summary>
    /// <remarks>
    /// Real AWS always reports the key usage; some emulators (moto's default key) leave it out. A
    /// symmetric key can only encrypt/decrypt or generate/verify MACs, so a missing usage is taken as
    /// the former with a warning: a wrong guess shows as failing writes, not as lost data.
    /// </remarks>
    public async Task CheckUsableAsync(CancellationToken cancellationToken)
    {
        var key = await DescribeAsync(cancellationToken).ConfigureAwait(false);
        var usageMissing = key.KeyUsage is null || string.IsNullOrEmpty(key.KeyUsage.Value);
        var problem = key.KeyState != KeyState.Enabled ? $"its state is {key.KeyState}, not Enabled"
            : key.KeySpec != KeySpec.SYMMETRIC_DEFAULT ? $"its key spec is {key.KeySpec}, not SYMMETRIC_DEFAULT"
            : !usageMissing && key.KeyUsage != KeyUsageType.ENCRYPT_DECRYPT ? $"its key usage is {key.KeyUsage}, not ENCRYPT_DECRYPT"
            : null;
        if (problem is not null)
        {
            throw new AwsKeyStoreException($"aws: KMS key '{KeyId}' cannot encrypt secrets: {problem}");
        }

        if (usageMissing)
        {
            _options.ErrorLog?.Invoke($"aws: KMS key '{KeyId}' reports no key usage; assuming ENCRYPT_DECRYPT");
        }
    }

    /// <summary>Fails while the key is not enabled (disabled, pending deletion, …), and logs each change of that state.</summary>
    public async Task CheckEnabledAsync(CancellationToken cancellationToken)
    {
        string? problem;
        try
        {
            var key = await DescribeAsync(cancellationToken).ConfigureAwait(false);
            problem = key.KeyState == KeyState.Enabled ? null : $"aws: KMS key '{KeyId}' is {key.KeyState}: new secrets cannot be encrypted nor existing ones read";
        }
        catch (AwsKeyStoreException e)
        {
            problem = e.Message;
        }

        var previous = Interlocked.Exchange(ref _lastProblem, problem);
        if (problem != previous)
        {
            _options.ErrorLog?.Invoke(problem ?? $"aws: KMS key '{KeyId}' is Enabled again");
        }

        if (problem is not null)
        {
            throw new AwsKeyStoreException(problem);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    private async Task<KeyMetadata> DescribeAsync(CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_options.CallBudget);
        try
        {
            var response = await _client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = KeyId }, budget.Token).ConfigureAwait(false);
            return response.KeyMetadata ?? throw new AwsKeyStoreException($"aws: KMS key '{KeyId}' cannot be described: no key metadata in the answer");
        }
        catch (AmazonServiceException e) when (e.StatusCode != 0)
        {
            throw new AwsKeyStoreException($"aws: KMS key '{KeyId}' cannot be described: {e.ErrorCode}: {e.Message}", e.ErrorCode ?? string.Empty, (int)e.StatusCode);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new KeyStoreUnreachableException(new TimeoutException($"aws: KMS DescribeKey of '{KeyId}' got no answer within {_options.CallBudget.TotalMilliseconds:F0} ms", e));
        }
        catch (Exception e) when (e is HttpRequestException or IOException or AmazonServiceException)
        {
            throw new KeyStoreUnreachableException(e);
        }
    }
}
