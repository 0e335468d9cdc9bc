using Kes.Domain.Errors;
using Kes.Domain.Identities;

namespace Kes.Domain.Ports;

/// <summary>Computes the KES identity of a TLS client from the certificates it presented (docs/api.md §6.1).</summary>
public interface IIdentitySource
{
    /// <summary>The identity of the one non-CA certificate among <paramref name="certificates"/> (DER, in handshake order).</summary>
    /// <exception cref="KesException">No usable certificate, or more than one.</exception>
    Identity Identify(IReadOnlyList<ReadOnlyMemory<byte>> certificates);
}
