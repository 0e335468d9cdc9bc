using Kes.Domain.Ports;
using Kes.Infrastructure.KeyStores.InMemory;

namespace Kes.IntegrationTests.Hosting;

/// <summary>An in-memory keystore whose reads wait for the test to open a gate, and which reports when it is closed.</summary>
public sealed class GatedKeyStore : IKeyStore
{
    private readonly InMemoryKeyStore _inner = new();
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _readStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first read reaches the store.</summary>
    public Task ReadStarted => _readStarted.Task;

    /// <summary>Completes when the store is closed.</summary>
    public Task Disposed => _disposed.Task;

    /// <summary>Lets every waiting and future read through.</summary>
    public void Open() => _gate.TrySetResult();

    /// <inheritdoc />
    public Task CreateAsync(string name, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) => _inner.CreateAsync(name, value, cancellationToken);

    /// <inheritdoc />
    public async Task<byte[]> GetAsync(string name, CancellationToken cancellationToken)
    {
        _readStarted.TrySetResult();
        await _gate.Task.WaitAsync(cancellationToken);
        return await _inner.GetAsync(name, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteAsync(string name, CancellationToken cancellationToken) => _inner.DeleteAsync(name, cancellationToken);

    /// <inheritdoc />
    public Task<KeyListPage> ListAsync(string prefix, int limit, CancellationToken cancellationToken) => _inner.ListAsync(prefix, limit, cancellationToken);

    /// <inheritdoc />
    public Task<TimeSpan> StatusAsync(CancellationToken cancellationToken) => _inner.StatusAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync();
        _disposed.TrySetResult();
    }
}
