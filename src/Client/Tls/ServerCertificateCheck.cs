using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kes.Client.Tls;

/// <summary>Verifies a server certificate as Go's TLS client does: a chain to the given roots (or the system roots), EKU serverAuth, validity, and the host name against the SANs only.</summary>
internal sealed class ServerCertificateCheck
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    private readonly X509Certificate2Collection? _roots;

    /// <param name="roots">The only trusted roots; null trusts the system roots.</param>
    /// <param name="insecure">Skip verification entirely (<c>-k</c>).</param>
    public ServerCertificateCheck(X509Certificate2Collection? roots, bool insecure)
    {
        _roots = roots;
        Insecure = insecure;
    }

    public bool Insecure { get; }

    /// <summary>Null when <paramref name="leaf"/> is acceptable for <paramref name="host"/>, else Go's reason.</summary>
    public string? Verify(X509Certificate2 leaf, IEnumerable<X509Certificate2> intermediates, string host)
    {
        if (Insecure)
        {
            return null;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ServerAuthOid));
        foreach (var certificate in intermediates)
        {
            chain.ChainPolicy.ExtraStore.Add(certificate);
        }

        if (_roots is not null)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        }

        if (!chain.Build(leaf))
        {
            return Describe(chain);
        }

        var name = host.Trim('[', ']');
        if (!leaf.MatchesHostname(name, allowWildcards: true, allowCommonName: false))
        {
            return IPAddress.TryParse(name, out _)
                ? $"x509: certificate is not valid for IP address {name}"
                : $"x509: certificate is not valid for {name}";
        }

        return null;
    }

    private static string Describe(X509Chain chain)
    {
        foreach (var status in chain.ChainStatus)
        {
            switch (status.Status)
            {
                case X509ChainStatusFlags.NotTimeValid:
                    return "x509: certificate has expired or is not yet valid";
                case X509ChainStatusFlags.NotValidForUsage:
                    return "x509: certificate specifies an incompatible key usage";
                case X509ChainStatusFlags.UntrustedRoot:
                case X509ChainStatusFlags.PartialChain:
                    return "x509: certificate signed by unknown authority";
            }
        }

        return chain.ChainStatus.Length > 0
            ? "x509: " + chain.ChainStatus[0].StatusInformation.Trim()
            : "x509: certificate signed by unknown authority";
    }
}
