using Kes.Domain.Ports;
using Kes.Infrastructure.KeyStores.Aws;
using Kes.IntegrationTests.KeyStores;
using Xunit.Abstractions;

namespace Kes.IntegrationTests.Aws;

/// <summary>The keystore contract on an endpoint named by KES_TEST_AWS_* variables (a real account or an emulator); skipped, with the reason, when they are unset.</summary>
/// <remarks>
/// KES_TEST_AWS_ENDPOINT and KES_TEST_AWS_REGION are required; without KES_TEST_AWS_ACCESS_KEY and
/// KES_TEST_AWS_SECRET_KEY the AWS default credential chain is used; KES_TEST_AWS_KMS_KEY is optional.
/// Every name the tests create starts with a random run prefix and is deleted by the tests that create it.
/// </remarks>
public sealed class EnvironmentAwsKeyStoreContract(ITestOutputHelper output) : KeyStoreContract
{
    private static readonly string? Endpoint = Environment.GetEnvironmentVariable("KES_TEST_AWS_ENDPOINT");
    private static readonly string? Region = Environment.GetEnvironmentVariable("KES_TEST_AWS_REGION");

    public override async Task InitializeAsync()
    {
        var missing = string.IsNullOrEmpty(Endpoint) || string.IsNullOrEmpty(Region);
        output.WriteLine(missing
            ? "AWS keystore contract on the KES_TEST_AWS_* endpoint: skipped, the variables are unset"
            : $"AWS keystore contract on: the KES_TEST_AWS_ENDPOINT endpoint {Endpoint} ({Region})");
        Skip.If(missing, "KES_TEST_AWS_ENDPOINT and KES_TEST_AWS_REGION are unset: no AWS endpoint to test against");
        await base.InitializeAsync();
    }

    protected override async Task<IKeyStore> CreateStoreAsync() =>
        await AwsSecretsManagerKeyStore.ConnectAsync(
            new AwsKeyStoreOptions
            {
                Endpoint = Endpoint!,
                Region = Region!,
                KmsKey = Environment.GetEnvironmentVariable("KES_TEST_AWS_KMS_KEY") ?? string.Empty,
                AccessKey = Environment.GetEnvironmentVariable("KES_TEST_AWS_ACCESS_KEY") ?? string.Empty,
                SecretKey = Environment.GetEnvironmentVariable("KES_TEST_AWS_SECRET_KEY") ?? string.Empty,
            },
            default);
}
