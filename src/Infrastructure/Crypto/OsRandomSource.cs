using Kes.Domain.Ports;

namespace Kes.Infrastructure.Crypto;

/// <summary>The <see cref="IRandomSource"/> port over <see cref="OsRandom"/>: kernel randomness drawn when it is used, never ahead.</summary>
public sealed class OsRandomSource : IRandomSource
{
    /// <inheritdoc />
    public void Fill(Span<byte> destination) => OsRandom.Fill(destination);
}
