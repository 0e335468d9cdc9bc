using System.Text;

namespace Kes.Infrastructure.Configuration;

/// <summary><c>keystore.gemalto.keysecure</c>; an empty domain means the root domain.</summary>
public sealed record GemaltoKeySecureConfig(string Endpoint, string Token, string Domain, string Ca) : KeyStoreConfig
{
    public override string Kind => "gemalto.keysecure";

    internal override void Validate()
    {
        Require(Endpoint, "kesconf: invalid gemalto keysecure keystore: no endpoint specified");
        Require(Token, "kesconf: invalid gemalto keysecure keystore: no token specified");
    }

    protected override bool PrintMembers(StringBuilder builder)
    {
        if (base.PrintMembers(builder))
        {
            builder.Append(", ");
        }

        builder.Append($"Endpoint = {Endpoint}, Token = {Redaction.Mask(Token)}, Domain = {Domain}, Ca = {Ca}");
        return true;
    }
}
