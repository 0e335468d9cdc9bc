using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Testcontainers.LocalStack;

namespace Kes.IntegrationTests.Aws;

/// <summary>A LocalStack container for the class, started only when a Docker engine answers; otherwise it holds the reason to skip.</summary>
public sealed class LocalStackFixture : IAsyncLifetime
{
    /// <summary>The credentials LocalStack accepts.</summary>
    public const string Credential = "test";

    /// <summary>The LocalStack image the tests pin.</summary>
    public const string Image = "localstack/localstack:4.4";

    private LocalStackContainer? _container;

    /// <summary>Why the tests cannot run, or null when LocalStack is up.</summary>
    public string? SkipReason { get; private set; }

    /// <summary>The endpoint of the running container.</summary>
    public string Endpoint => _container?.GetConnectionString() ?? throw new InvalidOperationException(SkipReason);

    /// <summary>A symmetric KMS key created in the container for new secrets.</summary>
    public string KmsKeyId { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        SkipReason = await DockerEngine.UnavailableReasonAsync();
        if (SkipReason is not null)
        {
            return;
        }

        _container = new LocalStackBuilder(Image).Build();
        await _container.StartAsync();
        var config = new AmazonKeyManagementServiceConfig { ServiceURL = Endpoint, AuthenticationRegion = "us-east-1" };
        using var kms = new AmazonKeyManagementServiceClient(Credential, Credential, config);
        KmsKeyId = (await kms.CreateKeyAsync(new CreateKeyRequest { Description = "kes test" })).KeyMetadata.KeyId;
    }

    public async Task DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}
