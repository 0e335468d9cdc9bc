using System.Text;

namespace Kes.Infrastructure.Configuration;

/// <summary><c>keystore.fortanix.sdkms</c>.</summary>
public sealed record FortanixSdkmsConfig(string Endpoint, string GroupId, string ApiKey, string Ca) : KeyStoreConfig
{
    public override string Kind => "fortanix.sdkms";

    internal override void Validate()
    {
        Require(Endpoint, "kesconf: invalid fortanix SDKMS keystore: no endpoint specified");
        Require(ApiKey, "kesconf: invalid fortanix SDKMS keystore: no API key specified");
    }

    protected override bool PrintMembers(StringBuilder builder)
    {
        if (base.PrintMembers(builder))
        {
            builder.Append(", ");
        }

        builder.Append($"Endpoint = {Endpoint}, GroupId = {GroupId}, ApiKey = {Redaction.Mask(ApiKey)}, Ca = {Ca}");
        return true;
    }
}
