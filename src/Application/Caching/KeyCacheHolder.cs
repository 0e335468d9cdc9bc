namespace Kes.Application.Caching;

/// <summary>The cache of the active configuration; a reload swaps in a new one and closes the old.</summary>
public sealed class KeyCacheHolder(KeyCache initial)
{
    private KeyCache _current = initial;

    /// <summary>The cache requests use now.</summary>
    public KeyCache Current => Volatile.Read(ref _current);

    /// <summary>Installs <paramref name="next"/> and returns the cache it replaces, for the caller to dispose.</summary>
    public KeyCache Swap(KeyCache next) => Interlocked.Exchange(ref _current, next);
}
