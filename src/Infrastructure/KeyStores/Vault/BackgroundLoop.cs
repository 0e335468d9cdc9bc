namespace Kes.Infrastructure.KeyStores.Vault;

/// <summary>One background task (the health ping, the token renewal) that runs until the store is disposed, and is awaited then.</summary>
internal sealed class BackgroundLoop : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _task = Task.CompletedTask;

    /// <summary>Runs <paramref name="loop"/> on the thread pool with the token that stops it.</summary>
    public void Start(Func<CancellationToken, Task> loop)
    {
        var stop = _stop.Token;
        _task = Task.Run(() => loop(stop), CancellationToken.None);
    }

    /// <summary>Stops the loop and waits for it; repeated calls do nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
