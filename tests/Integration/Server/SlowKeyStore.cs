using Kes.Domain.Ports;
using Kes.Infrastructure.KeyStores.InMemory;

namespace Kes.IntegrationTests.Server;

/// <summary>An in-memory keystore whose reads wait until the test calls <see cref="Release"/>, to let a route's write deadline expire without racing a timer.</summary>
public sealed class SlowKeyStore : IKeyStore
{
    private readonly InMemoryKeyStore _inner = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _reads;

    /// <summary>How many reads were asked for.</summary>
    public int Reads => Volatile.Read(ref _reads);

    /// <summary>Lets every waiting and later read through.</summary>
    public void Release() => _released.TrySetResult();

    /// <inheritdoc />
    public Task CreateAsync(string name, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) => _inner.CreateAsync(name, value, cancellationToken);

    /// <inheritdoc />
    public async Task<byte[]> GetAsync(string name, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        await _released.Task.WaitAsync(cancellationToken);
        return await _inner.GetAsync(name, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteAsync(string name, CancellationToken cancellationToken) => _inner.DeleteAsync(name, cancellationToken);

    /// <inheritdoc />
    public Task<KeyListPage> ListAsync(string prefix, int limit, CancellationToken cancellationToken) => _inner.ListAsync(prefix, limit, cancellationToken);

    /// <inheritdoc />
    public Task<TimeSpan> StatusAsync(CancellationToken cancellationToken) => _inner.StatusAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Release();
        return _inner.DisposeAsync();
    }
}
