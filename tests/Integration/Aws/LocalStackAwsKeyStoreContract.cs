using Kes.Domain.Ports;
using Kes.Infrastructure.KeyStores.Aws;
using Kes.IntegrationTests.KeyStores;
using Xunit.Abstractions;

namespace Kes.IntegrationTests.Aws;

/// <summary>The keystore contract on LocalStack in Docker; every test reports as skipped, with the reason, when no Docker engine answers.</summary>
public sealed class LocalStackAwsKeyStoreContract(LocalStackFixture localStack, ITestOutputHelper output)
    : KeyStoreContract, IClassFixture<LocalStackFixture>
{
    public override async Task InitializeAsync()
    {
        output.WriteLine(localStack.SkipReason is null
            ? $"AWS keystore contract on: LocalStack ({LocalStackFixture.Image}) at {localStack.Endpoint}"
            : $"AWS keystore contract on LocalStack: skipped, {localStack.SkipReason}");
        Skip.If(localStack.SkipReason is not null, localStack.SkipReason);
        await base.InitializeAsync();
    }

    protected override async Task<IKeyStore> CreateStoreAsync() =>
        await AwsSecretsManagerKeyStore.ConnectAsync(
            new AwsKeyStoreOptions
            {
                Endpoint = localStack.Endpoint,
                Region = "us-east-1",
                KmsKey = localStack.KmsKeyId,
                AccessKey = LocalStackFixture.Credential,
                SecretKey = LocalStackFixture.Credential,
            },
            default);
}
