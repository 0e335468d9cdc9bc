using Kes.Domain.Ports;

namespace Kes.Infrastructure.Seals;

/// <summary>Puts a seal between the key cache and any keystore: the keystore only ever sees sealed values (docs/keystores.md §9.1).</summary>
/// <param name="inner">The configured keystore; owned and closed with this one.</param>
/// <param name="seal">The seal; owned and closed with this store.</param>
/// <param name="allowUnsealed">Whether an unsealed stored value (from before the seal) is still read, for a rolling migration.</param>
/// <param name="errorLog">Where each such read is reported.</param>
public sealed class SealingKeyStore(IKeyStore inner, IKeySeal seal, bool allowUnsealed, Action<string> errorLog) : IKeyStore
{
    /// <inheritdoc />
    public async Task CreateAsync(string name, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        var sealedValue = await seal.SealAsync(name, value, cancellationToken).ConfigureAwait(false);
        await inner.CreateAsync(name, sealedValue, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<byte[]> GetAsync(string name, CancellationToken cancellationToken)
    {
        var stored = await inner.GetAsync(name, cancellationToken).ConfigureAwait(false);
        if (SealedValue.IsSealed(stored))
        {
            return await seal.OpenAsync(name, stored, cancellationToken).ConfigureAwait(false);
        }

        if (!allowUnsealed)
        {
            Array.Clear(stored);
            throw new SealException($"seal: key '{name}' is stored unsealed: refused. Seal it with 'kes migrate', or set 'seal.allow_unsealed: true' while migrating");
        }

        errorLog($"seal: key '{name}' is stored unsealed; read because 'seal.allow_unsealed' is set. Seal it with 'kes migrate'");
        return stored;
    }

    /// <inheritdoc />
    public Task DeleteAsync(string name, CancellationToken cancellationToken) => inner.DeleteAsync(name, cancellationToken);

    /// <inheritdoc />
    public Task<KeyListPage> ListAsync(string prefix, int limit, CancellationToken cancellationToken) => inner.ListAsync(prefix, limit, cancellationToken);

    /// <inheritdoc />
    public Task<TimeSpan> StatusAsync(CancellationToken cancellationToken) => inner.StatusAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await seal.DisposeAsync().ConfigureAwait(false);
    }
}
