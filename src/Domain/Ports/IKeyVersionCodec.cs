using Kes.Domain.Keys;

namespace Kes.Domain.Ports;

/// <summary>Turns key versions into the stored keystore text and back (docs/crypto.md §7).</summary>
public interface IKeyVersionCodec
{
    /// <summary>The stored value. It holds key material: the caller zeroes it once written.</summary>
    byte[] Encode(KeyVersion version);

    /// <summary>Parses a stored value in the current or the legacy JSON format; throws <see cref="FormatException"/> (without key bytes in the message) when it is not one.</summary>
    KeyVersion Decode(ReadOnlySpan<byte> value);
}
