using System.Collections.Concurrent;
using Kes.Domain.Errors;
using Kes.Domain.Ports;

namespace Kes.Infrastructure.KeyStores.InMemory;

/// <summary>The volatile keystore of <c>kes server --dev</c> (docs/keystores.md §4): a concurrent map that never goes offline.</summary>
/// <remarks>
/// Values are key material, so each one lives in pinned native memory that is zeroed when the entry
/// is deleted or the store disposed. Listing follows upstream's in-memory store, not the shared
/// paging helper: no 1024 cap, and a zero limit answers <c>([], prefix)</c>.
/// </remarks>
public sealed class InMemoryKeyStore : IKeyStore
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(1);

    private readonly ConcurrentDictionary<string, StoredValue> _entries = new(StringComparer.Ordinal);
    private volatile bool _disposed;

    /// <summary>The banner string upstream prints for this store.</summary>
    public string Description { get; } = "In Memory";

    /// <inheritdoc />
    public Task CreateAsync(string name, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        var stored = new StoredValue(value.Span);
        if (!_entries.TryAdd(name, stored))
        {
            stored.Dispose();
            return Task.FromException(new KesException(KesError.KeyExists));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<byte[]> GetAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<byte[]>(cancellationToken);
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_entries.TryGetValue(name, out var stored) && stored.TryCopy(out var value))
        {
            return Task.FromResult(value);
        }

        return Task.FromException<byte[]>(new KesException(KesError.KeyNotFound));
    }

    /// <inheritdoc />
    public Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_entries.TryRemove(name, out var stored))
        {
            return Task.FromException(new KesException(KesError.KeyNotFound));
        }

        stored.Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<KeyListPage> ListAsync(string prefix, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<KeyListPage>(cancellationToken);
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        return Task.FromResult(List(prefix, limit));
    }

    /// <inheritdoc />
    public Task<TimeSpan> StatusAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TimeSpan>(cancellationToken);
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        return Task.FromResult(Latency);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var name in _entries.Keys)
        {
            if (_entries.TryRemove(name, out var stored))
            {
                stored.Dispose();
            }
        }

        return ValueTask.CompletedTask;
    }

    private KeyListPage List(string prefix, int limit)
    {
        if (limit == 0)
        {
            return new KeyListPage([], prefix);
        }

        var names = _entries.Keys.ToArray();
        Array.Sort(names, Utf8Order.Instance);

        if (prefix.Length == 0)
        {
            return limit < 0 || limit >= names.Length
                ? new KeyListPage(names, string.Empty)
                : new KeyListPage(names[..limit], names[limit]);
        }

        var start = 0;
        while (start < names.Length && !names[start].StartsWith(prefix, StringComparison.Ordinal))
        {
            start++;
        }

        if (start == names.Length)
        {
            return new KeyListPage([], string.Empty);
        }

        for (var i = start; i < names.Length; i++)
        {
            if (!names[i].StartsWith(prefix, StringComparison.Ordinal))
            {
                return new KeyListPage(names[start..i], string.Empty);
            }

            if (limit > 0 && i - start == limit)
            {
                return new KeyListPage(names[start..i], names[i]);
            }
        }

        return new KeyListPage(names[start..], string.Empty);
    }
}
