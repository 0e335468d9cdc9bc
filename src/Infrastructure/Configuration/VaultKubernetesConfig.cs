using System.Text;

namespace Kes.Infrastructure.Configuration;

/// <summary><c>keystore.vault.kubernetes</c>; <paramref name="Jwt"/> is the token itself or a path to a file holding it.</summary>
public sealed record VaultKubernetesConfig(string Engine, string Namespace, string Role, string Jwt)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Engine = {Engine}, Namespace = {Namespace}, Role = {Role}, Jwt = {Redaction.Mask(Jwt)}");
        return true;
    }
}
