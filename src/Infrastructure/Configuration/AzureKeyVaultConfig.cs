namespace Kes.Infrastructure.Configuration;

/// <summary><c>keystore.azure.keyvault</c>; with neither credentials block the Azure default credential chain applies.</summary>
public sealed record AzureKeyVaultConfig(
    string Endpoint,
    AzureClientCredentials? Credentials,
    AzureManagedIdentity? ManagedIdentity) : KeyStoreConfig
{
    private const string Prefix = "kesconf: invalid Azure keyvault keystore: ";

    public override string Kind => "azure.keyvault";

    internal override void Validate()
    {
        Require(Endpoint, Prefix + "no endpoint specified");
        if (Credentials is not null && ManagedIdentity is not null)
        {
            throw new ConfigException(Prefix + "more than one authentication method specified");
        }

        if (Credentials is not null)
        {
            Require(Credentials.TenantId, Prefix + "no tenant ID specified");
            Require(Credentials.ClientId, Prefix + "no client ID specified");
            Require(Credentials.ClientSecret, Prefix + "no client secret specified");
        }

        if (ManagedIdentity is not null)
        {
            Require(ManagedIdentity.ClientId, Prefix + "no client ID specified");
        }
    }
}
