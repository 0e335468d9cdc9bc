using Kes.Domain.Ports;
using Kes.Infrastructure.KeyStores.InMemory;

namespace Kes.IntegrationTests.Server;

/// <summary>An in-memory keystore whose reads take <see cref="Delay"/>, to let a route's write deadline expire.</summary>
public sealed class SlowKeyStore(TimeSpan delay) : IKeyStore
{
    private readonly InMemoryKeyStore _inner = new();

    /// <summary>How long each read waits.</summary>
    public TimeSpan Delay { get; } = delay;

    /// <inheritdoc />
    public Task CreateAsync(string name, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) => _inner.CreateAsync(name, value, cancellationToken);

    /// <inheritdoc />
    public async Task<byte[]> GetAsync(string name, CancellationToken cancellationToken)
    {
        await Task.Delay(Delay, cancellationToken);
        return await _inner.GetAsync(name, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteAsync(string name, CancellationToken cancellationToken) => _inner.DeleteAsync(name, cancellationToken);

    /// <inheritdoc />
    public Task<KeyListPage> ListAsync(string prefix, int limit, CancellationToken cancellationToken) => _inner.ListAsync(prefix, limit, cancellationToken);

    /// <inheritdoc />
    public Task<TimeSpan> StatusAsync(CancellationToken cancellationToken) => _inner.StatusAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _inner.DisposeAsync();
}
