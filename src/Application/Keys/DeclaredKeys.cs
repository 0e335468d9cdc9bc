using Kes.Application.Caching;
using Kes.Domain.Errors;
using Kes.Domain.Identities;
using Kes.Domain.Keys;

namespace Kes.Application.Keys;

/// <summary>The config's <c>keys:</c> (docs/config.md §4.8): created at startup and on reload if missing, by the admin; existing keys are left untouched.</summary>
public static class DeclaredKeys
{
    /// <summary>Creates each missing key; any error other than "exists" stops and propagates.</summary>
    public static async Task CreateAsync(KeyCache cache, IEnumerable<string> names, Identity admin, KeyAlgorithm algorithm, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(time);
        foreach (var name in names)
        {
            using var version = new KeyVersion(
                SecretKey.Generate(algorithm),
                HmacKey.Generate(),
                KesTimestamp.FromDateTime(time.GetUtcNow().UtcDateTime),
                admin);
            try
            {
                await cache.CreateAsync(name, version, cancellationToken).ConfigureAwait(false);
            }
            catch (KesException e) when (e.Error == KesError.KeyExists)
            {
                // Declared keys that already exist keep their material.
            }
        }
    }
}
