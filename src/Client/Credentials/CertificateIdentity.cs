using Kes.Domain.Identities;
using Kes.Infrastructure.Tls;

namespace Kes.Client.Credentials;

/// <summary>The KES identity of a certificate: SHA-256 over its SubjectPublicKeyInfo exactly as encoded in the certificate (api.md §6.1).</summary>
public static class CertificateIdentity
{
    /// <summary>The identity of the DER certificate <paramref name="certificate"/>.</summary>
    /// <exception cref="FormatException">The bytes are not a certificate.</exception>
    public static Identity Of(ReadOnlySpan<byte> certificate) =>
        X509Der.TryRead(certificate, out var spki, out _)
            ? Identity.FromSubjectPublicKeyInfo(certificate[spki])
            : throw new FormatException("x509: malformed certificate");
}
