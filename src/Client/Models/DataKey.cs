using Kes.Domain.Keys;

namespace Kes.Client;

/// <summary>A data encryption key from <c>generate</c>: the 32-byte plaintext in <see cref="SecretMemory"/> and its ciphertext sealed by the master key.</summary>
public sealed class DataKey : IDisposable
{
    internal DataKey(SecretMemory plaintext, byte[] ciphertext)
    {
        Plaintext = plaintext;
        Ciphertext = ciphertext;
    }

    /// <summary>The plaintext key; zeroed by <see cref="Dispose"/>.</summary>
    public SecretMemory Plaintext { get; }

    /// <summary>The key sealed by the master key, to store beside the data.</summary>
    public ReadOnlyMemory<byte> Ciphertext { get; }

    /// <summary>Zeroes the plaintext.</summary>
    public void Dispose() => Plaintext.Dispose();
}
