using System.Text;
using Kes.Domain.Ports;
using Kes.Infrastructure.Configuration;

namespace Kes.Infrastructure.KeyStores.Aws;

/// <summary><c>keystore.aws.secretsmanager</c> (docs/keystores.md §6.1); empty credentials select the SDK's default chain.</summary>
/// <param name="Endpoint">e.g. <c>secretsmanager.us-east-2.amazonaws.com</c>, or a full URL; <c>https://</c> is assumed without a scheme.</param>
/// <param name="Region">The SigV4 signing region; required.</param>
/// <param name="KmsKey">KMS key id or ARN for new secrets, or empty for the account default.</param>
/// <param name="AccessKey">Static access key id, or empty.</param>
/// <param name="SecretKey">Static secret access key, or empty.</param>
/// <param name="SessionToken">Session token for the static credentials, or empty.</param>
public sealed record AwsSecretsManagerConfig(
    string Endpoint,
    string Region,
    string KmsKey,
    string AccessKey,
    string SecretKey,
    string SessionToken) : KeyStoreConfig
{
    /// <summary>Whether all three credentials are empty, so the SDK's default credential chain applies.</summary>
    public bool UsesDefaultCredentials => AccessKey.Length == 0 && SecretKey.Length == 0 && SessionToken.Length == 0;

    internal static AwsSecretsManagerConfig Decode(KeyStoreSection section)
    {
        var values = section.Strings("endpoint", "region", "kmskey", "credentials.accesskey", "credentials.secretkey", "credentials.token");
        return new AwsSecretsManagerConfig(values[0], values[1], values[2], values[3], values[4], values[5]);
    }

    internal override void Validate()
    {
        Require(Endpoint, "kesconf: invalid AWS secretsmanager keystore: no endpoint specified");
        Require(Region, "kesconf: invalid AWS secretsmanager keystore: no region specified");
    }

    internal override (IKeyStore Store, string Description) Open(Action<string>? errorLog)
    {
        var options = new AwsKeyStoreOptions
        {
            Endpoint = Endpoint,
            Region = Region,
            KmsKey = KmsKey,
            AccessKey = AccessKey,
            SecretKey = SecretKey,
            SessionToken = SessionToken,
            ErrorLog = errorLog,
        };

        // Startup waits for the keystore: it must answer before the banner, as upstream checks it.
        var store = AwsSecretsManagerKeyStore.ConnectAsync(options, CancellationToken.None).GetAwaiter().GetResult();
        return (store, store.Description);
    }

    protected override bool PrintMembers(StringBuilder builder)
    {
        if (base.PrintMembers(builder))
        {
            builder.Append(", ");
        }

        builder.Append($"Endpoint = {Endpoint}, Region = {Region}, KmsKey = {KmsKey}, AccessKey = {AccessKey}, ");
        builder.Append($"SecretKey = {Redaction.Mask(SecretKey)}, SessionToken = {Redaction.Mask(SessionToken)}");
        return true;
    }
}
