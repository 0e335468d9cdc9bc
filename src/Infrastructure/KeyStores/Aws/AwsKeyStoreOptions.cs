using System.Text;

namespace Kes.Infrastructure.KeyStores.Aws;

/// <summary>The <c>keystore.aws.secretsmanager</c> settings and the client's time limits.</summary>
/// <remarks>
/// Empty <see cref="AccessKey"/>, <see cref="SecretKey"/> and <see cref="SessionToken"/> select the AWS
/// default credential chain. <see cref="ToString"/> never shows the secret key or the session token.
/// </remarks>
public sealed record AwsKeyStoreOptions
{
    /// <summary>The Secrets Manager endpoint, a URL or a host name (<c>https://</c> is assumed without a scheme).</summary>
    public string Endpoint { get; init; } = string.Empty;

    /// <summary>The region the requests are signed for; mandatory even when the endpoint implies it.</summary>
    public string Region { get; init; } = string.Empty;

    /// <summary>The KMS key (id, ARN or alias) that encrypts new secrets; empty means the account's default key.</summary>
    public string KmsKey { get; init; } = string.Empty;

    /// <summary>The static access key id.</summary>
    public string AccessKey { get; init; } = string.Empty;

    /// <summary>The static secret access key.</summary>
    public string SecretKey { get; init; } = string.Empty;

    /// <summary>The session token that goes with temporary static credentials.</summary>
    public string SessionToken { get; init; } = string.Empty;

    /// <summary>The KMS endpoint; null means the regional KMS endpoint when <see cref="Endpoint"/> is an AWS host, else <see cref="Endpoint"/> itself.</summary>
    public string? KmsEndpoint { get; init; }

    /// <summary>The longest one HTTP attempt may take, connecting included.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest one AWS call may take across all its attempts and back-off pauses; kept below the 15 s route timeout.</summary>
    public TimeSpan CallBudget { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many attempts a throttled, failed (5xx) or timed-out call gets.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The first back-off pause; each retry doubles it, with full jitter, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest back-off pause.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a health-check result is reused: the signed health call runs at most once per interval (docs/COMPATIBILITY.md D12).</summary>
    public TimeSpan HealthCheckInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where the store reports trouble it finds on its own, such as a KMS key that got disabled; the server wires it to its error log.</summary>
    public Action<string>? ErrorLog { get; init; }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Endpoint = ").Append(Endpoint)
            .Append(", Region = ").Append(Region)
            .Append(", KmsKey = ").Append(KmsKey)
            .Append(", AccessKey = ").Append(AccessKey)
            .Append(", SecretKey = ").Append(SecretKey.Length == 0 ? string.Empty : "<redacted>")
            .Append(", SessionToken = ").Append(SessionToken.Length == 0 ? string.Empty : "<redacted>")
            .Append(", KmsEndpoint = ").Append(KmsEndpoint)
            .Append(", AttemptTimeout = ").Append(AttemptTimeout)
            .Append(", CallBudget = ").Append(CallBudget)
            .Append(", MaxAttempts = ").Append(MaxAttempts);
        return true;
    }
}
