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
    private long _nextCheck;
    private long _nextRecovery;

    internal CachedKey(string name, KeyVersion version, IKeyCipher cipher, byte[] fingerprint, long nextCheck)
    {
        Name = name;
        Version = version;
        Cipher = cipher;
        Fingerprint = fingerprint;
        _nextCheck = nextCheck;
    }

    /// <summary>The key name.</summary>
    public string Name { get; }

    /// <summary>The key version: metadata and the HMAC key.</summary>
    public KeyVersion Version { get; }

    /// <summary>Seals and opens with the secret key.</summary>
    public IKeyCipher Cipher { get; }

    /// <summary>SHA-256 of the stored value this entry was decoded from: a replaced key shows as a different fingerprint.</summary>
    internal byte[] Fingerprint { get; }

    internal bool Used => Volatile.Read(ref _used) != 0;

    internal void MarkUsed() => Volatile.Write(ref _used, 1);

    internal void ClearUsed() => Volatile.Write(ref _used, 0);

    /// <summary>Claims the one revalidation due at <paramref name="now"/>, moving the next one a period on; concurrent callers lose.</summary>
    internal bool TryClaimCheck(long now, long period) => TryClaim(ref _nextCheck, now, period);

    /// <summary>Claims the one recovery read allowed at <paramref name="now"/>, moving the next one an interval on.</summary>
    internal bool TryClaimRecovery(long now, long interval) => TryClaim(ref _nextRecovery, now, interval);

    internal bool TryAcquire() => _references.TryAcquire();

    internal void Release()
    {
        if (_references.Release())
        {
            Cipher.Dispose();
            Version.Dispose();
        }
    }

    private static bool TryClaim(ref long due, long now, long period)
    {
        var observed = Volatile.Read(ref due);
        return now >= observed && Interlocked.CompareExchange(ref due, now + period, observed) == observed;
    }
}
