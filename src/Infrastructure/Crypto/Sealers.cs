using Kes.Domain.Ports;
using Kes.Infrastructure.Crypto.Fast;
using Kes.Infrastructure.Crypto.Reference;

namespace Kes.Infrastructure.Crypto;

/// <summary>Picks the sealing core: the fast one unless the reference is asked for or the CPU lacks the fast core's instructions.</summary>
public static class Sealers
{
    /// <summary>The core for <paramref name="kind"/>.</summary>
    public static ISealer Create(SealerKind kind) =>
        kind == SealerKind.Fast && FastSealer.IsSupported ? new FastSealer() : new ReferenceSealer();
}
