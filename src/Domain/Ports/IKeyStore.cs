namespace Kes.Domain.Ports;

/// <summary>A durable, concurrent map from key name to the stored key text (docs/keystores.md §1).</summary>
/// <remarks>
/// Errors: <c>KesException(KesError.KeyExists)</c> from create, <c>KesException(KesError.KeyNotFound)</c> from
/// get and delete, <c>KeyStoreUnreachableException</c> for network-level failures; anything else is a
/// backend failure that the API turns into its generic 502.
/// </remarks>
public interface IKeyStore : IAsyncDisposable
{
    /// <summary>Stores <paramref name="value"/> under <paramref name="name"/> if and only if the name is absent; never overwrites.</summary>
    Task CreateAsync(string name, ReadOnlyMemory<byte> value, CancellationToken cancellationToken);

    /// <summary>The stored value. It holds key material: the caller zeroes it once parsed.</summary>
    Task<byte[]> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>Removes the entry.</summary>
    Task DeleteAsync(string name, CancellationToken cancellationToken);

    /// <summary>Sorted names starting with <paramref name="prefix"/>, at most about <paramref name="limit"/> (negative: the backend's page).</summary>
    Task<KeyListPage> ListAsync(string prefix, int limit, CancellationToken cancellationToken);

    /// <summary>Probes the backend; returns the round-trip latency or throws.</summary>
    Task<TimeSpan> StatusAsync(CancellationToken cancellationToken);
}
