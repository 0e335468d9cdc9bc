using System.Text;
using Kes.Infrastructure.Configuration;

namespace Kes.Infrastructure.KeyStores.Vault;

/// <summary><c>keystore.vault.approle</c>; an empty engine means <c>approle</c>, an empty namespace the store's (docs/keystores.md §7).</summary>
public sealed record VaultAppRoleConfig(string Engine, string Namespace, string Id, string Secret)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Engine = {Engine}, Namespace = {Namespace}, Id = {Id}, Secret = {Redaction.Mask(Secret)}");
        return true;
    }
}
