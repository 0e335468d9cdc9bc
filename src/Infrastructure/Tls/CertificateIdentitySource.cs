using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Kes.Credentials.Certificates;
using Kes.Domain.Errors;
using Kes.Domain.Identities;
using Kes.Domain.Ports;

namespace Kes.Infrastructure.Tls;

/// <summary>The KES identity of a TLS client (docs/api.md §6.1): CA certificates are skipped, exactly one certificate must remain, and its identity is the SHA-256 of its raw SubjectPublicKeyInfo.</summary>
public sealed class CertificateIdentitySource : IIdentitySource
{
    /// <inheritdoc />
    /// <remarks>A certificate that is not well-formed DER counts as no usable certificate.</remarks>
    public Identity Identify(IReadOnlyList<ReadOnlyMemory<byte>> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        ReadOnlyMemory<byte> leafSpki = default;
        var found = false;
        for (var i = 0; i < certificates.Count; i++)
        {
            if (!CertificateFields.TryRead(certificates[i], out var spki, out var isCa))
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
            leafSpki = spki;
        }

        if (!found)
        {
            ThrowClientCertificateRequired();
        }

        return Identity.FromSubjectPublicKeyInfo(leafSpki.Span);
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowClientCertificateRequired() => throw new KesException(KesError.ClientCertificateRequired);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTooManyClientCertificates() => throw new KesException(KesError.TooManyClientCertificates);
}
