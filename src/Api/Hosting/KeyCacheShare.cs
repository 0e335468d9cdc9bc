using Kes.Application.Caching;
using Kes.Application.Logs;
using Kes.Domain.Logs;

namespace Kes.Api.Hosting;

/// <summary>A key cache and its keystore, shared by the server states that differ only in their certificate; closed once the last of them is retired.</summary>
internal sealed class KeyCacheShare(KeyCache cache, TextWriter stderr, TimeProvider time)
{
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ReferenceCount _states = new();

    /// <summary>The cache.</summary>
    public KeyCache Cache => cache;

    /// <summary>Completes when the cache and its keystore are closed.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Adds a state that uses the cache; only a state that still holds it may share it.</summary>
    public void Retain()
    {
        if (!_states.TryAcquire())
        {
            throw new InvalidOperationException("the key cache was already closed");
        }
    }

    /// <summary>Drops a state; the last one closes the cache and the keystore, off the request that let go.</summary>
    public void Release()
    {
        if (_states.Release())
        {
            _ = Task.Run(CloseAsync);
        }
    }

    private async Task CloseAsync()
    {
        try
        {
            await cache.DisposeAsync().ConfigureAwait(false);
            await cache.Store.DisposeAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The old keystore is gone either way; the server keeps serving on the new one and says why.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var line = SlogText.Format(time.GetUtcNow(), SlogLevels.Error, $"failed to close the replaced keystore: {e.Message}", null);
            lock (stderr)
            {
                stderr.WriteLine(line);
            }
        }
        finally
        {
            _closed.TrySetResult();
        }
    }
}
