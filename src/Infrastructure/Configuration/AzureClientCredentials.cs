using System.Text;

namespace Kes.Infrastructure.Configuration;

/// <summary><c>keystore.azure.keyvault.credentials</c>: a service principal; all three are required when the block is present.</summary>
public sealed record AzureClientCredentials(string TenantId, string ClientId, string ClientSecret)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"TenantId = {TenantId}, ClientId = {ClientId}, ClientSecret = {Redaction.Mask(ClientSecret)}");
        return true;
    }
}
