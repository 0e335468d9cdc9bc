using System.Text;
using Kes.Infrastructure.Configuration;

namespace Kes.Infrastructure.Seals.Pkcs11;

/// <summary><c>seal.pkcs11</c>: the module, the token's label, its user PIN and the root key's label (docs/config.md §4.10).</summary>
public sealed record Pkcs11SealConfig(string Module, string Token, string Pin, string Key)
{
    internal void Validate()
    {
        Require(Module, "module");
        Require(Token, "token");
        Require(Key, "key");
    }

    // The PIN never reaches a log, not even through a record's generated ToString.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Module = {Module}, Token = {Token}, Pin = {Redaction.Mask(Pin)}, Key = {Key}");
        return true;
    }

    private static void Require(string value, string field)
    {
        if (value.Length == 0)
        {
            throw new ConfigException($"kesconf: invalid seal config: no pkcs11 {field} specified");
        }
    }
}
