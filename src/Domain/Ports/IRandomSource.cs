namespace Kes.Domain.Ports;

/// <summary>Cryptographically secure random bytes, e.g. for data keys.</summary>
public interface IRandomSource
{
    /// <summary>Fills <paramref name="destination"/> with fresh random bytes.</summary>
    void Fill(Span<byte> destination);
}
