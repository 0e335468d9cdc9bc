using System.Text;

namespace Kes.Infrastructure.Configuration;

/// <summary><c>keystore.gcp.secretmanager</c>; an empty endpoint means <c>secretmanager.googleapis.com:443</c>, empty credentials the ambient ones.</summary>
public sealed record GcpSecretManagerConfig(
    string ProjectId,
    string Endpoint,
    IReadOnlyList<string> Scopes,
    string ClientEmail,
    string ClientId,
    string PrivateKeyId,
    string PrivateKey) : KeyStoreConfig
{
    public override string Kind => "gcp.secretmanager";

    internal override void Validate() => Require(ProjectId, "kesconf: invalid GCP secretmanager keystore: no project ID specified");

    protected override bool PrintMembers(StringBuilder builder)
    {
        if (base.PrintMembers(builder))
        {
            builder.Append(", ");
        }

        builder.Append($"ProjectId = {ProjectId}, Endpoint = {Endpoint}, Scopes = [{string.Join(", ", Scopes)}], ClientEmail = {ClientEmail}, ");
        builder.Append($"ClientId = {ClientId}, PrivateKeyId = {PrivateKeyId}, PrivateKey = {Redaction.Mask(PrivateKey)}");
        return true;
    }
}
