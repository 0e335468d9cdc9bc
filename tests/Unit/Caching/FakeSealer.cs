using System.Collections.Concurrent;
using Kes.Domain.Identities;
using Kes.Domain.Keys;
using Kes.Domain.Ports;

namespace Kes.UnitTests.Caching;

/// <summary>A stored value is the 32 raw key bytes; a cipher only remembers whether it was disposed. Enough to watch the cache, nothing to seal with.</summary>
internal sealed class FakeSealer : ISealer, IKeyVersionCodec
{
    private readonly ConcurrentQueue<FakeCipher> _ciphers = new();

    public string Name => "fake";

    /// <summary>Every cipher built so far, in order.</summary>
    public IReadOnlyList<FakeCipher> Ciphers => [.. _ciphers];

    public IKeyCipher CreateCipher(SecretKey key)
    {
        var cipher = new FakeCipher(key.Algorithm);
        _ciphers.Enqueue(cipher);
        return cipher;
    }

    public bool SelfTest() => true;

    public byte[] Encode(KeyVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var value = new byte[SecretKey.Size];
        version.Key.CopyTo(value);
        return value;
    }

    public KeyVersion Decode(ReadOnlySpan<byte> value) =>
        new(SecretKey.FromBytes(KeyAlgorithm.Aes256, value), null, KesTimestamp.Zero, Identity.Empty);

    /// <summary>A cipher that records its disposal.</summary>
    internal sealed class FakeCipher(KeyAlgorithm algorithm) : IKeyCipher
    {
        public bool Disposed { get; private set; }

        public KeyAlgorithm Algorithm => algorithm;

        public int Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> destination) =>
            throw new NotSupportedException();

        public int Seal(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, Span<byte> destination) =>
            throw new NotSupportedException();

        public bool TryOpen(ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> associatedData, Span<byte> destination, out int bytesWritten) =>
            throw new NotSupportedException();

        public void Dispose() => Disposed = true;
    }
}
