using Kes.Domain.Ports;

namespace Kes.Infrastructure.Crypto;

/// <summary>The <see cref="IRandomSource"/> port over <see cref="RandomPool"/>: OS randomness drawn in per-thread blocks, cleared as it is handed out.</summary>
public sealed class PooledRandomSource : IRandomSource
{
    /// <inheritdoc />
    public void Fill(Span<byte> destination) => RandomPool.Fill(destination);
}
