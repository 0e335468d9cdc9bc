using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using Kes.Domain.Errors;
using Kes.Domain.Identities;
using Kes.Domain.Ports;

namespace Kes.Infrastructure.Tls;

/// <summary>The KES identity of a TLS client (api.md §6.1): CA certificates are skipped, exactly one certificate must remain, and its identity is the SHA-256 of its raw SubjectPublicKeyInfo.</summary>
public sealed class CertificateIdentitySource : IIdentitySource
{
    /// <inheritdoc />
    /// <remarks>A certificate that is not well-formed DER counts as no usable certificate.</remarks>
    public Identity Identify(IReadOnlyList<ReadOnlyMemory<byte>> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        ReadOnlyMemory<byte> leaf = default;
        Range leafSpki = default;
        var found = false;
        for (var i = 0; i < certificates.Count; i++)
        {
            var der = certificates[i].Span;
            if (!X509Der.TryRead(der, out var spki, out var isCa))
            {
                ThrowClientCertificateRequired();
            }

            if (isCa)
            {
                continue;
            }

            if (found)
            {
                ThrowTooManyClientCertificates();
            }

            found = true;
            leaf = certificates[i];
            leafSpki = spki;
        }

        if (!found)
        {
            ThrowClientCertificateRequired();
        }

        return Identity.FromSubjectPublicKeyInfo(leaf.Span[leafSpki]);
    }

    /// <summary>The identity of <paramref name="certificate"/>'s public key, whether or not it is a CA certificate.</summary>
    /// <exception cref="ArgumentException">The certificate's DER cannot be walked.</exception>
    public static Identity Of(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var der = certificate.RawDataMemory.Span;
        if (!X509Der.TryRead(der, out var spki, out _))
        {
            throw new ArgumentException("the certificate is not well-formed DER", nameof(certificate));
        }

        return Identity.FromSubjectPublicKeyInfo(der[spki]);
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowClientCertificateRequired() => throw new KesException(KesError.ClientCertificateRequired);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTooManyClientCertificates() => throw new KesException(KesError.TooManyClientCertificates);
}
