using System.Security.Cryptography;
using Kes.Domain.Errors;
using Kes.Domain.Ports;

namespace Kes.Api.Cli.Migrate;

/// <summary>Copies the stored values of every matching key from one keystore to another, as <c>kes migrate --to</c> does: raw values, created only where absent.</summary>
/// <remarks>
/// Creates never overwrite, so an interrupted run can be repeated with <see cref="ExistingKeys.Skip"/>
/// and picks up where it stopped; a name that appears in the target while the run goes on is still
/// caught by the create. Values are key material: each is zeroed once written.
/// </remarks>
internal sealed class KeyMigration(IKeyStore source, IKeyStore target, GlobPattern pattern, ExistingKeys existing)
{
    private const int Parallelism = 4;

    private long _migrated;
    private long _processed;

    /// <summary>Keys created in the target so far.</summary>
    public long Migrated => Interlocked.Read(ref _migrated);

    /// <summary>Keys handled so far, migrated or skipped.</summary>
    public long Processed => Interlocked.Read(ref _processed);

    /// <summary>The number of keys that match, known once listing is done; -1 before.</summary>
    public long Total { get; private set; } = -1;

    /// <summary>Runs the migration; returns the number of keys created in the target.</summary>
    /// <exception cref="MigrationException">A name exists in the target (without skip or replace), or a store failed.</exception>
    public async Task<long> RunAsync(CancellationToken cancellationToken)
    {
        var names = (await KeyStoreNames.ListAllAsync(source, cancellationToken).ConfigureAwait(false)).FindAll(pattern.IsMatch);
        names.Sort(StringComparer.Ordinal);
        if (existing != ExistingKeys.Replace)
        {
            names = await WithoutExistingAsync(names, cancellationToken).ConfigureAwait(false);
        }

        Total = names.Count;
        await Parallel.ForEachAsync(
            names,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            MigrateAsync).ConfigureAwait(false);
        return Migrated;
    }

    // One listing of the target spares reading the source value of every key that is there already,
    // and without --merge it stops the run before anything is copied.
    private async Task<List<string>> WithoutExistingAsync(List<string> names, CancellationToken cancellationToken)
    {
        var present = new HashSet<string>(await KeyStoreNames.ListAllAsync(target, cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
        if (existing == ExistingKeys.Fail && names.Find(present.Contains) is { } taken)
        {
            throw new MigrationException($"failed to migrate \"{taken}\": {KesError.KeyExists.Message}");
        }

        return names.FindAll(name => !present.Contains(name));
    }

    private async ValueTask MigrateAsync(string name, CancellationToken cancellationToken)
    {
        byte[] value;
        try
        {
            value = await source.GetAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new MigrationException($"failed to read key \"{name}\": {e.Message}", e);
        }

        try
        {
            if (await TryCreateAsync(name, value, cancellationToken).ConfigureAwait(false))
            {
                Interlocked.Increment(ref _migrated);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(value);
        }

        Interlocked.Increment(ref _processed);
    }

    private async Task<bool> TryCreateAsync(string name, byte[] value, CancellationToken cancellationToken)
    {
        try
        {
            await target.CreateAsync(name, value, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (KesException e) when (e.Error == KesError.KeyExists)
        {
            switch (existing)
            {
                case ExistingKeys.Skip:
                    return false;
                case ExistingKeys.Replace:
                    await ReplaceAsync(name, value, cancellationToken).ConfigureAwait(false);
                    return true;
                default:
                    throw new MigrationException($"failed to migrate \"{name}\": {KesError.KeyExists.Message}", e);
            }
        }
        catch (Exception e) when (e is not (OperationCanceledException or MigrationException))
        {
            throw new MigrationException($"failed to migrate \"{name}\": {e.Message}", e);
        }
    }

    private async Task ReplaceAsync(string name, byte[] value, CancellationToken cancellationToken)
    {
        try
        {
            await target.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
            await target.CreateAsync(name, value, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new MigrationException($"failed to migrate \"{name}\": {e.Message}", e);
        }
    }
}
