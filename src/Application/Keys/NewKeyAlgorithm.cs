using Kes.Domain.Keys;

namespace Kes.Application.Keys;

/// <summary>Chooses the algorithm of newly created keys as upstream does (docs/crypto.md §1): AES256 where the CPU has AES-GCM hardware, else ChaCha20.</summary>
public static class NewKeyAlgorithm
{
    /// <summary>The algorithm for keys created on this machine.</summary>
    public static KeyAlgorithm Current { get; } = HasAesGcmHardware() ? KeyAlgorithm.Aes256 : KeyAlgorithm.ChaCha20;

    private static bool HasAesGcmHardware() =>
        (System.Runtime.Intrinsics.X86.Aes.IsSupported && System.Runtime.Intrinsics.X86.Pclmulqdq.IsSupported)
        || (System.Runtime.Intrinsics.Arm.Aes.IsSupported);
}
