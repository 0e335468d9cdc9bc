using Kes.Domain.Errors;

namespace Kes.Infrastructure.KeyStores.Aws;

/// <summary>How AWS error answers become keystore errors (docs/keystores.md §6.2): two codes have a KES meaning, the rest gain the operation and key name.</summary>
internal static class AwsErrorMapping
{
    /// <summary>ResourceExistsException → 400 <c>key already exists</c>.</summary>
    public static Exception Create(string name, AwsKeyStoreException error) =>
        error.ErrorCode == "ResourceExistsException"
            ? new KesException(KesError.KeyExists, error)
            : new AwsKeyStoreException($"aws: failed to create '{name}': {error.Message}", error);

    /// <summary>ResourceNotFoundException → 404; DecryptionFailure (the KMS key is unusable) is told apart in the log.</summary>
    public static Exception Get(string name, AwsKeyStoreException error) => error.ErrorCode switch
    {
        "ResourceNotFoundException" => new KesException(KesError.KeyNotFound, error),
        "DecryptionFailure" => new AwsKeyStoreException($"aws: cannot access '{name}': {error.Message}", error),
        _ => new AwsKeyStoreException($"aws: failed to read '{name}': {error.Message}", error),
    };

    /// <summary>ResourceNotFoundException → 404.</summary>
    public static Exception Delete(string name, AwsKeyStoreException error) =>
        error.ErrorCode == "ResourceNotFoundException"
            ? new KesException(KesError.KeyNotFound, error)
            : new AwsKeyStoreException($"aws: failed to delete '{name}': {error.Message}", error);

    /// <summary>Every listing error is a backend failure.</summary>
    public static Exception List(AwsKeyStoreException error) => new AwsKeyStoreException("aws: failed to list secrets: " + error.Message, error);

    /// <summary>An error answer to the health call: reachable, but not usable.</summary>
    public static Exception Health(AwsKeyStoreException error) => new AwsKeyStoreException("aws: health check failed: " + error.Message, error);
}
