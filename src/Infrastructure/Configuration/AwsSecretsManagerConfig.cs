using System.Text;

namespace Kes.Infrastructure.Configuration;

/// <summary><c>keystore.aws.secretsmanager</c> (keystores.md §6.1); empty credentials select the SDK's default chain.</summary>
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
    public override string Kind => "aws.secretsmanager";

    /// <summary>Whether all three credentials are empty, so the SDK's default credential chain applies.</summary>
    public bool UsesDefaultCredentials => AccessKey.Length == 0 && SecretKey.Length == 0 && SessionToken.Length == 0;

    internal override void Validate()
    {
        Require(Endpoint, "kesconf: invalid AWS secretsmanager keystore: no endpoint specified");
        Require(Region, "kesconf: invalid AWS secretsmanager keystore: no region specified");
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
