using System.Net;

namespace Kes.Credentials.Certificates;

/// <summary>What a generated self-signed certificate says: subject, validity, names and usages.</summary>
public sealed class CertificateTemplate
{
    /// <summary>The subject and issuer common name.</summary>
    public required string CommonName { get; init; }

    /// <summary>Start of validity; the current time when null.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>How long the certificate is valid from <see cref="NotBefore"/>.</summary>
    public TimeSpan Validity { get; init; } = TimeSpan.FromDays(365);

    /// <summary>DNS names for the SubjectAlternativeName extension.</summary>
    public IReadOnlyList<string> DnsNames { get; init; } = [];

    /// <summary>IP addresses for the SubjectAlternativeName extension.</summary>
    public IReadOnlyList<IPAddress> IPAddresses { get; init; } = [];

    /// <summary>Whether basicConstraints says cA=TRUE (and the key may sign certificates).</summary>
    public bool IsCertificateAuthority { get; init; }

    /// <summary>Whether the extended key usage includes clientAuth.</summary>
    public bool ClientAuth { get; init; }

    /// <summary>Whether the extended key usage includes serverAuth.</summary>
    public bool ServerAuth { get; init; }
}
