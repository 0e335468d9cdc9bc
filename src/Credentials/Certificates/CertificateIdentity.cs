using Kes.Domain.Identities;

namespace Kes.Credentials.Certificates;

/// <summary>The KES identity of a certificate: SHA-256 over its SubjectPublicKeyInfo exactly as encoded in the certificate (docs/api.md §6.1).</summary>
public static class CertificateIdentity
{
    /// <summary>The identity of the DER certificate <paramref name="certificate"/>, whether or not it is a CA certificate.</summary>
    /// <exception cref="FormatException">The bytes are not a certificate.</exception>
    public static Identity Of(ReadOnlyMemory<byte> certificate) =>
        CertificateFields.TryRead(certificate, out var spki, out _)
            ? Identity.FromSubjectPublicKeyInfo(spki.Span)
            : throw new FormatException("x509: malformed certificate");
}
