namespace Kes.IntegrationTests.Aws.AwsEndpoint;

/// <summary>A secret as the test endpoint holds it, for tests to assert the layout KES writes.</summary>
public sealed record StoredSecret(
    string Name,
    string Arn,
    string? SecretString,
    byte[]? SecretBinary,
    string? KmsKeyId,
    string VersionId,
    string? ClientRequestToken,
    long Sequence,
    DateTimeOffset Created,
    DateTimeOffset? DeletionDate = null);
