using Kes.Domain.Identities;

namespace Kes.Domain.Keys;

/// <summary>What a keystore entry holds: the secret key, its HMAC key (absent for legacy JSON keys), and who created it when.</summary>
public sealed class KeyVersion(SecretKey key, HmacKey? hmacKey, KesTimestamp createdAt, Identity createdBy) : IDisposable
{
    /// <summary>The secret key that seals and opens.</summary>
    public SecretKey Key { get; } = key ?? throw new ArgumentNullException(nameof(key));

    /// <summary>The HMAC key; null for keys stored in the legacy JSON format, which cannot answer the HMAC API.</summary>
    public HmacKey? HmacKey { get; } = hmacKey;

    /// <summary>When the key was created (UTC); Go's zero time when the stored entry did not say.</summary>
    public KesTimestamp CreatedAt { get; } = createdAt;

    /// <summary>The identity of the creator; empty when the stored entry did not say.</summary>
    public Identity CreatedBy { get; } = createdBy;

    /// <summary>Zeroes and frees both keys.</summary>
    public void Dispose()
    {
        Key.Dispose();
        HmacKey?.Dispose();
    }
}
