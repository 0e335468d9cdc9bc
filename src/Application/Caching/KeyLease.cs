namespace Kes.Application.Caching;

/// <summary>A request's hold on a cached key; dispose it when the request no longer needs the key.</summary>
public readonly struct KeyLease : IDisposable
{
    internal KeyLease(CachedKey key) => Key = key;

    /// <summary>The key, valid until this lease is disposed.</summary>
    public CachedKey Key { get; }

    /// <inheritdoc />
    public void Dispose() => Key?.Release();
}
