using System.Text;

namespace Kes.Infrastructure.Configuration;

/// <summary>The <c>tls</c> section: file paths as written, relative to the working directory.</summary>
/// <param name="Key">Path of the PEM private key.</param>
/// <param name="Cert">Path of the PEM certificate chain.</param>
/// <param name="Password">Password of a legacy PEM-encrypted key, or empty.</param>
/// <param name="AuthMode">Whether client certificates are verified.</param>
/// <param name="Ca">A CA file or directory, or empty for the system roots only.</param>
/// <param name="ProxyIdentities">TLS-proxy identities: validated, otherwise unused.</param>
/// <param name="ProxyCertHeader">The forwarded-certificate header: unused.</param>
public sealed record TlsConfig(
    string Key,
    string Cert,
    string Password,
    TlsAuthMode AuthMode,
    string Ca,
    IReadOnlyList<string> ProxyIdentities,
    string ProxyCertHeader)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Key = {Key}, Cert = {Cert}, Password = {Redaction.Mask(Password)}, AuthMode = {AuthMode}, ");
        builder.Append($"Ca = {Ca}, ProxyIdentities = [{string.Join(", ", ProxyIdentities)}], ProxyCertHeader = {ProxyCertHeader}");
        return true;
    }
}
