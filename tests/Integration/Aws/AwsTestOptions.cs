using Kes.Infrastructure.KeyStores.Aws;
using Kes.IntegrationTests.Aws.AwsEndpoint;

namespace Kes.IntegrationTests.Aws;

/// <summary>Store options for the in-repo endpoint, with short time limits so that fault tests finish in well under a second each.</summary>
public static class AwsTestOptions
{
    /// <summary>Options that reach <paramref name="endpoint"/> with its known credentials.</summary>
    public static AwsKeyStoreOptions For(FakeAwsEndpoint endpoint, string kmsKey = "") => new()
    {
        Endpoint = endpoint.Url.ToString(),
        Region = FakeAwsEndpoint.Region,
        KmsKey = kmsKey,
        AccessKey = FakeAwsEndpoint.AccessKey,
        SecretKey = FakeAwsEndpoint.SecretKey,
        AttemptTimeout = TimeSpan.FromMilliseconds(400),
        CallBudget = TimeSpan.FromMilliseconds(1000),
        MaxAttempts = 3,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        HealthCheckInterval = TimeSpan.Zero,
    };
}
