using System.Collections.Concurrent;
using Kes.Domain.Errors;
using Kes.Domain.Ports;

namespace Kes.UnitTests.Caching;

/// <summary>An in-memory keystore that counts reads, can hold them at a gate, and can pretend to be unreachable.</summary>
internal sealed class FakeKeyStore : IKeyStore
{
    private readonly ConcurrentDictionary<string, byte[]> _values = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _reads = new(StringComparer.Ordinal);

    /// <summary>When set, reads wait for it to complete.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public bool Down { get; set; }

    public int Reads(string name) => _reads.GetValueOrDefault(name);

    public void Put(string name, byte[] value) => _values[name] = value;

    public Task CreateAsync(string name, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) =>
        _values.TryAdd(name, value.ToArray()) ? Task.CompletedTask : throw new KesException(KesError.KeyExists);

    public async Task<byte[]> GetAsync(string name, CancellationToken cancellationToken)
    {
        _reads.AddOrUpdate(name, 1, static (_, count) => count + 1);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        ThrowIfDown();
        return _values.TryGetValue(name, out var value) ? value.ToArray() : throw new KesException(KesError.KeyNotFound);
    }

    public Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        ThrowIfDown();
        return _values.TryRemove(name, out _) ? Task.CompletedTask : throw new KesException(KesError.KeyNotFound);
    }

    public Task<KeyListPage> ListAsync(string prefix, int limit, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the cache tests do not list");

    public Task<TimeSpan> StatusAsync(CancellationToken cancellationToken)
    {
        ThrowIfDown();
        return Task.FromResult(TimeSpan.Zero);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void ThrowIfDown()
    {
        if (Down)
        {
            throw new KeyStoreUnreachableException("fake keystore is down");
        }
    }
}
