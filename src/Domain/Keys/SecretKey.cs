using System.Security.Cryptography;

namespace Kes.Domain.Keys;

/// <summary>A 32-byte KES secret key and its algorithm; the bytes stay in pinned native memory and leave it only into a caller's span.</summary>
public sealed class SecretKey : IDisposable
{
    /// <summary>Every KES secret key is 32 bytes.</summary>
    public const int Size = 32;

    private readonly SecretMemory _bytes;

    private SecretKey(KeyAlgorithm algorithm, SecretMemory bytes)
    {
        Algorithm = algorithm;
        _bytes = bytes;
    }

    /// <summary>The AEAD this key seals with.</summary>
    public KeyAlgorithm Algorithm { get; }

    /// <summary>A fresh key from the CSPRNG.</summary>
    public static SecretKey Generate(KeyAlgorithm algorithm) => new(Checked(algorithm), SecretMemory.Random(Size));

    /// <summary>A key holding a copy of <paramref name="bytes"/>, which must be exactly 32 bytes.</summary>
    public static SecretKey FromBytes(KeyAlgorithm algorithm, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"a secret key is {Size} bytes, not {bytes.Length}", nameof(bytes));
        }

        return new SecretKey(Checked(algorithm), SecretMemory.CopyOf(bytes));
    }

    /// <summary>Copies the key bytes into <paramref name="destination"/>; the caller must clear it after use.</summary>
    public void CopyTo(Span<byte> destination) => _bytes.CopyTo(destination);

    /// <summary>Whether two keys have the same algorithm and bytes, compared in constant time.</summary>
    public bool ContentEquals(SecretKey other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Algorithm != other.Algorithm)
        {
            return false;
        }

        // Both blocks are held for the comparison, so a concurrent dispose of either frees it only afterwards.
        bool mine = false, theirs = false;
        try
        {
            _bytes.DangerousAddRef(ref mine);
            other._bytes.DangerousAddRef(ref theirs);
            return CryptographicOperations.FixedTimeEquals(_bytes.Span, other._bytes.Span);
        }
        finally
        {
            if (theirs)
            {
                other._bytes.DangerousRelease();
            }

            if (mine)
            {
                _bytes.DangerousRelease();
            }
        }
    }

    /// <summary>Zeroes and frees the key bytes.</summary>
    public void Dispose() => _bytes.Dispose();

    private static KeyAlgorithm Checked(KeyAlgorithm algorithm) =>
        algorithm is KeyAlgorithm.Aes256 or KeyAlgorithm.ChaCha20
            ? algorithm
            : throw new ArgumentOutOfRangeException(nameof(algorithm));
}
