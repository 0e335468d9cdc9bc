using Kes.Domain.Keys;

namespace Kes.Infrastructure.Crypto;

/// <summary>The per-key state of the cores that precompute nothing: a native copy of the 32 key bytes.</summary>
internal static class KeyState
{
    /// <summary>Copies <paramref name="key"/> into fresh <see cref="SecretMemory"/> after checking it is of the <paramref name="expected"/> algorithm.</summary>
    public static SecretMemory CopyOf(SecretKey key, KeyAlgorithm expected)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Algorithm != expected)
        {
            throw new ArgumentException($"this cipher takes {expected.Name()} keys, not {key.Algorithm.Name()}", nameof(key));
        }

        var state = SecretMemory.Allocate(SecretKey.Size);
        key.CopyTo(state.Span);
        return state;
    }
}
