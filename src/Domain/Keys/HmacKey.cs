using System.Security.Cryptography;

namespace Kes.Domain.Keys;

/// <summary>The separate 32-byte HMAC-SHA256 key of a key version, kept in pinned native memory.</summary>
public sealed class HmacKey : IDisposable
{
    /// <summary>HMAC keys are 32 bytes.</summary>
    public const int Size = 32;

    /// <summary>HMAC-SHA256 output size.</summary>
    public const int HashSize = 32;

    /// <summary>The protobuf <c>HMACKey.Hash</c> code of SHA-256, the only hash KES uses.</summary>
    public const uint Sha256Code = 1;

    private readonly SecretMemory _bytes;

    private HmacKey(SecretMemory bytes) => _bytes = bytes;

    /// <summary>A fresh key from the CSPRNG.</summary>
    public static HmacKey Generate() => new(SecretMemory.Random(Size));

    /// <summary>A key holding a copy of <paramref name="bytes"/>, which must be exactly 32 bytes.</summary>
    public static HmacKey FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"an HMAC key is {Size} bytes, not {bytes.Length}", nameof(bytes));
        }

        return new HmacKey(SecretMemory.CopyOf(bytes));
    }

    /// <summary>Writes HMAC-SHA256(key, <paramref name="message"/>) into the first 32 bytes of <paramref name="destination"/>.</summary>
    public void ComputeHash(ReadOnlySpan<byte> message, Span<byte> destination)
    {
        var added = false;
        _bytes.DangerousAddRef(ref added);
        try
        {
            HMACSHA256.HashData(_bytes.Span, message, destination);
        }
        finally
        {
            _bytes.DangerousRelease();
        }
    }

    /// <summary>Copies the key bytes into <paramref name="destination"/>; the caller must clear it after use.</summary>
    public void CopyTo(Span<byte> destination) => _bytes.CopyTo(destination);

    /// <summary>Zeroes and frees the key bytes.</summary>
    public void Dispose() => _bytes.Dispose();
}
