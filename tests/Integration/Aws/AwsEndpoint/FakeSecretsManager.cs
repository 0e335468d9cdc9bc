using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Kes.IntegrationTests.Aws.AwsEndpoint;

/// <summary>The Secrets Manager side of the test endpoint: secrets in memory and the four actions KES calls, with AWS's validation and errors.</summary>
/// <remarks>ListSecrets answers in creation order, not sorted, and pages of at most <see cref="MaxPageSize"/>.</remarks>
public sealed partial class FakeSecretsManager(string region, FakeKms kms)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, StoredSecret> _secrets = new(StringComparer.Ordinal);
    private long _sequence;

    /// <summary>The largest ListSecrets page, whatever MaxResults asks, so that tests go through NextToken.</summary>
    public int MaxPageSize { get; set; } = 3;

    /// <summary>Emulates a lenient emulator whose name filter ignores case (AWS's is case-sensitive).</summary>
    public bool CaseInsensitiveNameFilter { get; set; }

    /// <summary>The secret named <paramref name="name"/>, or null.</summary>
    public StoredSecret? Find(string name)
    {
        lock (_gate)
        {
            return _secrets.GetValueOrDefault(name);
        }
    }

    /// <summary>Stores a secret as another tool would (the AWS CLI, upstream KES): a string or a binary value.</summary>
    public void PutForeign(string name, string? secretString, byte[]? secretBinary = null, string? kmsKeyId = null)
    {
        lock (_gate)
        {
            _secrets[name] = NewSecret(name, secretString, secretBinary, kmsKeyId, null);
        }
    }

    /// <summary>DeleteSecret with a recovery window: the name stays taken and unreadable.</summary>
    public void ScheduleDeletion(string name)
    {
        lock (_gate)
        {
            _secrets[name] = _secrets[name] with { DeletionDate = DateTimeOffset.UtcNow.AddDays(30) };
        }
    }

    internal AwsAnswer Handle(string action, JsonObject body)
    {
        lock (_gate)
        {
            return action switch
            {
                "CreateSecret" => Create(body),
                "GetSecretValue" => Get(body),
                "DeleteSecret" => Delete(body),
                "ListSecrets" => List(body),
                _ => AwsAnswer.Error(400, "UnknownOperationException", $"The test endpoint has no action {action}."),
            };
        }
    }

    private static AwsAnswer NotFound() =>
        AwsAnswer.Error(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.", "Message");

    private static AwsAnswer Invalid(string type, string message) => AwsAnswer.Error(400, type, message, "Message");

    [GeneratedRegex("^[A-Za-z0-9/_+=.@-]{1,512}$")]
    private static partial Regex SecretName();

    private StoredSecret NewSecret(string name, string? secretString, byte[]? secretBinary, string? kmsKeyId, string? token) =>
        new(name, $"arn:aws:secretsmanager:{region}:{FakeKms.Account}:secret:{name}-{Guid.NewGuid().ToString("N")[..6]}",
            secretString, secretBinary, kmsKeyId, Guid.NewGuid().ToString("D"), token, ++_sequence, DateTimeOffset.UtcNow);

    private AwsAnswer Create(JsonObject body)
    {
        var name = (string?)body["Name"];
        var secretString = (string?)body["SecretString"];
        var binaryText = (string?)body["SecretBinary"];
        var kmsKeyId = (string?)body["KmsKeyId"];
        var token = (string?)body["ClientRequestToken"];
        if (name is null || !SecretName().IsMatch(name))
        {
            return Invalid("ValidationException", "1 validation error detected: Value at 'name' failed to satisfy constraint");
        }

        if (secretString is not null && binaryText is not null)
        {
            return Invalid("InvalidParameterException", "You can't specify both a binary secret value and a string secret value in the same secret.");
        }

        if (token is not null && token.Length is < 32 or > 64)
        {
            return Invalid("ValidationException", "ClientRequestToken must be 32 to 64 characters long.");
        }

        if (kmsKeyId is not null && kms.Resolve(kmsKeyId) is not { State: "Enabled", Denied: false })
        {
            return Invalid("EncryptionFailure", "Secrets Manager can't encrypt the protected secret text using the provided KMS key. Check that the KMS key is available, enabled, and not in an invalid state.");
        }

        var binary = binaryText is null ? null : Convert.FromBase64String(binaryText);
        if (_secrets.TryGetValue(name, out var existing))
        {
            if (existing.DeletionDate is not null)
            {
                return Invalid("InvalidRequestException", "You can't create this secret because a secret with this name is already scheduled for deletion.");
            }

            // The idempotency token: a retried create of the same secret succeeds again.
            var retried = token is not null && existing.ClientRequestToken == token && existing.SecretString == secretString
                && (existing.SecretBinary ?? []).AsSpan().SequenceEqual(binary ?? []);
            return retried ? Created(existing) : Invalid("ResourceExistsException", $"The operation failed because the secret {name} already exists.");
        }

        var secret = NewSecret(name, secretString, binary, kmsKeyId, token);
        _secrets[name] = secret;
        return Created(secret);
    }

    private static AwsAnswer Created(StoredSecret secret) =>
        AwsAnswer.Ok(new JsonObject { ["ARN"] = secret.Arn, ["Name"] = secret.Name, ["VersionId"] = secret.VersionId });

    private StoredSecret? Lookup(JsonObject body)
    {
        var id = (string?)body["SecretId"];
        return id is null ? null
            : _secrets.TryGetValue(id, out var byName) ? byName
            : _secrets.Values.FirstOrDefault(secret => secret.Arn == id);
    }

    private AwsAnswer Get(JsonObject body)
    {
        var secret = Lookup(body);
        if (secret is null)
        {
            return NotFound();
        }

        if (secret.DeletionDate is not null)
        {
            return Invalid("InvalidRequestException", "You can't perform this operation on the secret because it was marked for deletion.");
        }

        if (secret.KmsKeyId is not null && kms.Resolve(secret.KmsKeyId) is not { State: "Enabled", Denied: false })
        {
            return Invalid("DecryptionFailure", "Secrets Manager can't decrypt the protected secret text using the provided KMS key.");
        }

        var answer = new JsonObject
        {
            ["ARN"] = secret.Arn,
            ["Name"] = secret.Name,
            ["VersionId"] = secret.VersionId,
            ["VersionStages"] = new JsonArray("AWSCURRENT"),
            ["CreatedDate"] = secret.Created.ToUnixTimeMilliseconds() / 1000.0,
        };
        if (secret.SecretString is not null)
        {
            answer["SecretString"] = secret.SecretString;
        }
        else
        {
            answer["SecretBinary"] = Convert.ToBase64String(secret.SecretBinary ?? []);
        }

        return AwsAnswer.Ok(answer);
    }

    private AwsAnswer Delete(JsonObject body)
    {
        var secret = Lookup(body);
        if (secret is null)
        {
            return NotFound();
        }

        var deletion = DateTimeOffset.UtcNow;
        if ((bool?)body["ForceDeleteWithoutRecovery"] == true)
        {
            _secrets.Remove(secret.Name);
        }
        else
        {
            deletion = deletion.AddDays(30);
            _secrets[secret.Name] = secret with { DeletionDate = deletion };
        }

        return AwsAnswer.Ok(new JsonObject { ["ARN"] = secret.Arn, ["Name"] = secret.Name, ["DeletionDate"] = deletion.ToUnixTimeSeconds() });
    }

    private AwsAnswer List(JsonObject body)
    {
        var maxResults = (int?)body["MaxResults"] ?? MaxPageSize;
        if (maxResults is < 1 or > 100)
        {
            return Invalid("ValidationException", "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100");
        }

        var prefixes = new List<string>();
        foreach (var filter in body["Filters"]?.AsArray() ?? [])
        {
            if ((string?)filter?["Key"] != "name")
            {
                return Invalid("InvalidParameterException", "The test endpoint supports only the name filter.");
            }

            prefixes.AddRange(filter["Values"]!.AsArray().Select(value => (string)value!));
        }

        var after = 0L;
        if ((string?)body["NextToken"] is { } token && !TryReadToken(token, out after))
        {
            return Invalid("InvalidNextTokenException", "The NextToken value is invalid.");
        }

        var matching = _secrets.Values
            .Where(secret => secret.DeletionDate is null && secret.Sequence > after && Matches(secret.Name, prefixes))
            .OrderBy(secret => secret.Sequence)
            .ToList();
        var page = matching.Take(Math.Min(maxResults, MaxPageSize)).ToList();
        var answer = new JsonObject
        {
            ["SecretList"] = new JsonArray([.. page.Select(Entry)]),
        };
        if (matching.Count > page.Count)
        {
            answer["NextToken"] = Convert.ToBase64String(Encoding.ASCII.GetBytes("after:" + page[^1].Sequence));
        }

        return AwsAnswer.Ok(answer);
    }

    private static JsonNode Entry(StoredSecret secret)
    {
        var entry = new JsonObject
        {
            ["ARN"] = secret.Arn,
            ["Name"] = secret.Name,
            ["LastChangedDate"] = secret.Created.ToUnixTimeSeconds(),
            ["CreatedDate"] = secret.Created.ToUnixTimeSeconds(),
            ["SecretVersionsToStages"] = new JsonObject { [secret.VersionId] = new JsonArray("AWSCURRENT") },
        };
        if (secret.KmsKeyId is not null)
        {
            entry["KmsKeyId"] = secret.KmsKeyId;
        }

        return entry;
    }

    // AWS: a prefix match per value (case-sensitive), any value may match, "!" negates.
    private bool Matches(string name, List<string> prefixes)
    {
        if (prefixes.Count == 0)
        {
            return true;
        }

        var comparison = CaseInsensitiveNameFilter ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return prefixes.Any(prefix => prefix.StartsWith('!')
            ? !name.StartsWith(prefix[1..], comparison)
            : name.StartsWith(prefix, comparison));
    }

    private static bool TryReadToken(string token, out long after)
    {
        after = 0;
        try
        {
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(token));
            return text.StartsWith("after:", StringComparison.Ordinal) && long.TryParse(text.AsSpan(6), out after);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
