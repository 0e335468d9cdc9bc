using Kes.Domain.Keys;
using Kes.Domain.Ports;

namespace Kes.Infrastructure.Crypto.Codec;

/// <summary>The <see cref="IKeyVersionCodec"/> port over <see cref="KeyVersionCodec"/>.</summary>
public sealed class StoredKeyCodec : IKeyVersionCodec
{
    /// <inheritdoc />
    public byte[] Encode(KeyVersion version) => KeyVersionCodec.Encode(version);

    /// <inheritdoc />
    public KeyVersion Decode(ReadOnlySpan<byte> value) => KeyVersionCodec.Decode(value);
}
