using Kes.Infrastructure.KeyStores.Aws;
using Kes.IntegrationTests.Aws.AwsEndpoint;

namespace Kes.IntegrationTests.Aws;

/// <summary>Store options for the in-repo endpoint: quick back-off so that retry tests are fast, and time limits that a loaded machine does not trip by accident.</summary>
public static class AwsTestOptions
{
    /// <summary>Options that reach <paramref name="endpoint"/> with its known credentials: 2 s per attempt, 5 s per call.</summary>
    public static AwsKeyStoreOptions For(FakeAwsEndpoint endpoint, string kmsKey = "") => new()
    {
        Endpoint = endpoint.Url.ToString(),
        Region = FakeAwsEndpoint.Region,
        KmsKey = kmsKey,
        AccessKey = FakeAwsEndpoint.AccessKey,
        SecretKey = FakeAwsEndpoint.SecretKey,
        AttemptTimeout = TimeSpan.FromSeconds(2),
        CallBudget = TimeSpan.FromSeconds(5),
        MaxAttempts = 3,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        HealthCheckInterval = TimeSpan.Zero,
    };

    /// <summary>Like <see cref="For"/> but with 300 ms per attempt and 800 ms per call, for tests of answers that never come.</summary>
    public static AwsKeyStoreOptions Impatient(FakeAwsEndpoint endpoint, string kmsKey = "") => For(endpoint, kmsKey) with
    {
        AttemptTimeout = TimeSpan.FromMilliseconds(300),
        CallBudget = TimeSpan.FromMilliseconds(800),
    };
}
