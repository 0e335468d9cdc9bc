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
    private int _references = 1;
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

    internal bool TryAcquire()
    {
        var current = Volatile.Read(ref _references);
        while (current > 0)
        {
            var seen = Interlocked.CompareExchange(ref _references, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    internal void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Cipher.Dispose();
            Version.Dispose();
        }
    }
}
