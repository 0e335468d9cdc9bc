using Kes.Domain.Keys;

namespace Kes.Application.Keys;

/// <summary>Whether the server runs in FIPS mode (docs/crypto.md §9): new keys are AES256 and ChaCha20 imports are refused.</summary>
public sealed record FipsMode(bool Enabled)
{
    /// <summary>The algorithm for keys created now.</summary>
    public KeyAlgorithm NewKeyAlgorithm => Enabled ? KeyAlgorithm.Aes256 : Keys.NewKeyAlgorithm.Current;
}
