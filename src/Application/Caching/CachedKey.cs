using Kes.Domain.Keys;
using Kes.Domain.Ports;

namespace Kes.Application.Caching;

/// <summary>A parsed key version and its cipher, shared by every request that uses the key until the cache lets go of it.</summary>
/// <remarks>
/// Reference counted: the cache holds one reference, each request in flight another. The key bytes are
/// zeroed when the last reference goes, so evicting a key never pulls it from under a request.
/// </remarks>
public sealed class CachedKey
{
    private ReferenceCount _references = new();
    private int _used = 1;

    internal CachedKey(string name, KeyVersion version, IKeyCipher cipher)
    {
        Name = name;
        Version = version;
        Cipher = cipher;
    }

    /// <summary>The key name.</summary>
    public string Name { get; }

    /// <summary>The key version: metadata and the HMAC key.</summary>
    public KeyVersion Version { get; }

    /// <summary>Seals and opens with the secret key.</summary>
    public IKeyCipher Cipher { get; }

    internal bool Used => Volatile.Read(ref _used) != 0;

    internal void MarkUsed() => Volatile.Write(ref _used, 1);

    internal void ClearUsed() => Volatile.Write(ref _used, 0);

    internal bool TryAcquire() => _references.TryAcquire();

    internal void Release()
    {
        if (_references.Release())
        {
            Cipher.Dispose();
            Version.Dispose();
        }
    }
}
