using System.Security.Cryptography.X509Certificates;

namespace Kes.Api.Hosting;

/// <summary>The <c>tls.auth: on</c> check: a client certificate must chain to the system roots or <c>tls.ca</c>, be valid now and allow client authentication.</summary>
public static class ClientCertificateVerifier
{
    private const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>Whether <paramref name="certificate"/> passes.</summary>
    public static bool Verify(X509Certificate2 certificate, X509Certificate2Collection authorities)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(authorities);
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(ClientAuthenticationOid));
        if (authorities.Count > 0)
        {
            chain.ChainPolicy.ExtraStore.AddRange(authorities);
            chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        }

        if (chain.Build(certificate))
        {
            return true;
        }

        // CustomRootTrust replaces the system roots; upstream trusts both, so try the system store too.
        if (authorities.Count == 0)
        {
            return false;
        }

        using var system = new X509Chain();
        system.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        system.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(ClientAuthenticationOid));
        return system.Build(certificate);
    }
}
