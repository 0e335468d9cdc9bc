using Kes.Domain.Ports;

namespace Kes.IntegrationTests.Server;

/// <summary>A keystore whose every call fails with the exception <see cref="Failure"/> makes, to reach the 5xx rows of docs/api.md §4.5.</summary>
public sealed class FailingKeyStore(Func<Exception> failure) : IKeyStore
{
    /// <summary>Makes the exception each call throws.</summary>
    public Func<Exception> Failure { get; } = failure;

    /// <inheritdoc />
    public Task CreateAsync(string name, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) => Task.FromException(Failure());

    /// <inheritdoc />
    public Task<byte[]> GetAsync(string name, CancellationToken cancellationToken) => Task.FromException<byte[]>(Failure());

    /// <inheritdoc />
    public Task DeleteAsync(string name, CancellationToken cancellationToken) => Task.FromException(Failure());

    /// <inheritdoc />
    public Task<KeyListPage> ListAsync(string prefix, int limit, CancellationToken cancellationToken) => Task.FromException<KeyListPage>(Failure());

    /// <inheritdoc />
    public Task<TimeSpan> StatusAsync(CancellationToken cancellationToken) => Task.FromException<TimeSpan>(Failure());

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
