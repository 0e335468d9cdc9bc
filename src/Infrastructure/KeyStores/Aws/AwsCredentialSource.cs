using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Kes.Infrastructure.KeyStores.Aws;

/// <summary>The credentials of docs/keystores.md §6.1: the static ones when configured, else the AWS SDK's default chain.</summary>
internal static class AwsCredentialSource
{
    /// <summary>Resolves the credentials once; the SDK's refreshing credentials renew themselves afterwards.</summary>
    public static async Task<AWSCredentials> ResolveAsync(AwsKeyStoreOptions options, IClientConfig config, CancellationToken cancellationToken)
    {
        if (options.AccessKey.Length == 0 && options.SecretKey.Length == 0 && options.SessionToken.Length == 0)
        {
            return await FromDefaultChainAsync(options, config, cancellationToken).ConfigureAwait(false);
        }

        if (options.AccessKey.Length == 0 || options.SecretKey.Length == 0)
        {
            throw new AwsKeyStoreException(AwsEndpoints.ConfigError + "credentials need both an access key and a secret key");
        }

        return options.SessionToken.Length == 0
            ? new BasicAWSCredentials(options.AccessKey, options.SecretKey)
            : new SessionAWSCredentials(options.AccessKey, options.SecretKey, options.SessionToken);
    }

    private static async Task<AWSCredentials> FromDefaultChainAsync(AwsKeyStoreOptions options, IClientConfig config, CancellationToken cancellationToken)
    {
        // The chain may ask an instance-metadata endpoint that never answers off EC2.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(options.CallBudget);
        var resolver = new DefaultAWSCredentialsIdentityResolver();
        try
        {
            return await resolver.ResolveIdentityAsync(config, budget.Token).ConfigureAwait(false);
        }
        catch (AmazonClientException e)
        {
            throw new AwsKeyStoreException(
                "aws: no credentials configured and none found by the AWS default chain (environment, shared credentials file, web identity, container or instance role): " + e.Message,
                e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AwsKeyStoreException("aws: the AWS default credential chain found no credentials within " + options.CallBudget, e);
        }
    }
}
