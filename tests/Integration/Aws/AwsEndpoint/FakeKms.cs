using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Kes.IntegrationTests.Aws.AwsEndpoint;

/// <summary>The KMS side of the test endpoint: keys whose state tests change, and the DescribeKey action.</summary>
public sealed class FakeKms(string region)
{
    /// <summary>The account every ARN of the endpoint names.</summary>
    public const string Account = "000000000000";

    private readonly ConcurrentDictionary<string, KmsKey> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _aliases = new(StringComparer.Ordinal);

    /// <summary>Creates an enabled key and returns its id; <paramref name="alias"/> (e.g. <c>alias/kes</c>) names it too.</summary>
    /// <remarks>A null <paramref name="keyUsage"/> leaves <c>KeyUsage</c> out of DescribeKey, as moto does for its default key.</remarks>
    public string CreateKey(string keySpec = "SYMMETRIC_DEFAULT", string? keyUsage = "ENCRYPT_DECRYPT", string? alias = null)
    {
        var id = Guid.NewGuid().ToString("D");
        _keys[id] = new KmsKey(id, $"arn:aws:kms:{region}:{Account}:key/{id}", keySpec, keyUsage, "Enabled", Denied: false, DateTimeOffset.UtcNow);
        if (alias is not null)
        {
            _aliases[alias] = id;
        }

        return id;
    }

    /// <summary>The key's ARN.</summary>
    public string Arn(string keyId) => _keys[keyId].Arn;

    /// <summary>DisableKey.</summary>
    public void DisableKey(string keyId) => Update(keyId, key => key with { State = "Disabled" });

    /// <summary>EnableKey.</summary>
    public void EnableKey(string keyId) => Update(keyId, key => key with { State = "Enabled" });

    /// <summary>ScheduleKeyDeletion.</summary>
    public void ScheduleKeyDeletion(string keyId) => Update(keyId, key => key with { State = "PendingDeletion" });

    /// <summary>Makes every use of the key answer AccessDeniedException, as a missing IAM permission does.</summary>
    public void DenyAccess(string keyId) => Update(keyId, key => key with { Denied = true });

    /// <summary>The key a KeyId, ARN or alias names, or null.</summary>
    internal KmsKey? Resolve(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var id = _aliases.TryGetValue(reference, out var aliased) ? aliased
            : reference.StartsWith("arn:", StringComparison.Ordinal) ? reference[(reference.LastIndexOf('/') + 1)..]
            : reference;
        return _keys.TryGetValue(id, out var key) ? key : null;
    }

    internal AwsAnswer Handle(string action, JsonObject body)
    {
        if (action != "DescribeKey")
        {
            return AwsAnswer.Error(400, "UnknownOperationException", $"The test endpoint has no KMS action {action}.");
        }

        var reference = (string?)body["KeyId"];
        var key = Resolve(reference);
        if (key is null)
        {
            return AwsAnswer.Error(400, "NotFoundException", $"Key '{reference}' does not exist");
        }

        if (key.Denied)
        {
            return AwsAnswer.Error(400, "AccessDeniedException",
                $"User: arn:aws:iam::{Account}:user/kes is not authorized to perform: kms:DescribeKey on resource: {key.Arn} because no identity-based policy allows the kms:DescribeKey action");
        }

        var metadata = new JsonObject
        {
            ["AWSAccountId"] = Account,
            ["KeyId"] = key.Id,
            ["Arn"] = key.Arn,
            ["CreationDate"] = key.Created.ToUnixTimeSeconds(),
            ["Enabled"] = key.State == "Enabled",
            ["Description"] = string.Empty,
            ["KeyState"] = key.State,
            ["Origin"] = "AWS_KMS",
            ["KeyManager"] = "CUSTOMER",
            ["CustomerMasterKeySpec"] = key.Spec,
            ["KeySpec"] = key.Spec,
            ["MultiRegion"] = false,
        };
        if (key.Usage is not null)
        {
            metadata["KeyUsage"] = key.Usage;
        }

        if (key.State == "PendingDeletion")
        {
            metadata["DeletionDate"] = DateTimeOffset.UtcNow.AddDays(7).ToUnixTimeSeconds();
        }

        return AwsAnswer.Ok(new JsonObject { ["KeyMetadata"] = metadata });
    }

    private void Update(string keyId, Func<KmsKey, KmsKey> change) => _keys.AddOrUpdate(keyId, _ => throw new KeyNotFoundException(keyId), (_, key) => change(key));
}

/// <summary>A KMS key of the test endpoint.</summary>
internal sealed record KmsKey(string Id, string Arn, string Spec, string? Usage, string State, bool Denied, DateTimeOffset Created);
