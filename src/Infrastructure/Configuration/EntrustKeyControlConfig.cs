using System.Text;

namespace Kes.Infrastructure.Configuration;

/// <summary><c>keystore.entrust.keycontrol</c>.</summary>
public sealed record EntrustKeyControlConfig(
    string Endpoint,
    string VaultId,
    string BoxId,
    string Username,
    string Password,
    string Ca) : KeyStoreConfig
{
    private const string Prefix = "kesconf: invalid Entrust KeyControl keystore: ";

    public override string Kind => "entrust.keycontrol";

    internal override void Validate()
    {
        Require(Endpoint, Prefix + "no endpoint specified");
        Require(VaultId, Prefix + "no vault ID specified");
        Require(BoxId, Prefix + "no box ID specified");
        Require(Username, Prefix + "no username specified");
        Require(Password, Prefix + "no password specified");
    }

    protected override bool PrintMembers(StringBuilder builder)
    {
        if (base.PrintMembers(builder))
        {
            builder.Append(", ");
        }

        builder.Append($"Endpoint = {Endpoint}, VaultId = {VaultId}, BoxId = {BoxId}, Username = {Username}, ");
        builder.Append($"Password = {Redaction.Mask(Password)}, Ca = {Ca}");
        return true;
    }
}
