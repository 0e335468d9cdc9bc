using System.Text;
using Kes.Infrastructure.Configuration;

namespace Kes.Infrastructure.KeyStores.Vault;

/// <summary><c>keystore.vault.kubernetes</c>; <paramref name="Jwt"/> is the token itself or, when it holds a path separator, the file that holds it (docs/keystores.md §7).</summary>
public sealed record VaultKubernetesConfig(string Engine, string Namespace, string Role, string Jwt)
{
    /// <summary>Whether <see cref="Jwt"/> names a file, re-read at every login because projected service account tokens rotate.</summary>
    public bool JwtIsFile => Jwt.Contains('/', StringComparison.Ordinal) || Jwt.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Engine = {Engine}, Namespace = {Namespace}, Role = {Role}, Jwt = {(JwtIsFile ? Jwt : Redaction.Mask(Jwt))}");
        return true;
    }
}
