using Kes.Application.Requests;

namespace Kes.Api.Hosting;

/// <summary>The one reference to the state in force: a request leases it once on arrival, a reload replaces it in one step.</summary>
public sealed class LiveServerState(ServerState initial) : IServerStateSource
{
    private readonly List<Task> _closing = [];
    private ServerState _current = initial;

    /// <summary>The state in force now, without a lease: for new connections and for logs written outside a request.</summary>
    public ServerState Current => Volatile.Read(ref _current);

    /// <inheritdoc />
    IServerState IServerStateSource.Current => Current;

    /// <summary>A lease on the state in force; the caller releases it with <see cref="ServerState.Release"/> when its request ends.</summary>
    public ServerState Acquire()
    {
        while (true)
        {
            // A state retired between the read and the lease has already been replaced: read again.
            var state = Volatile.Read(ref _current);
            if (state.TryAcquire())
            {
                return state;
            }
        }
    }

    /// <summary>Installs <paramref name="next"/> and retires the state it replaces, whose cache closes when its last request ends.</summary>
    public void Swap(ServerState next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var retired = Interlocked.Exchange(ref _current, next);
        lock (_closing)
        {
            _closing.RemoveAll(task => task.IsCompleted);
            _closing.Add(retired.Closed);
        }

        retired.Release();
    }

    /// <summary>Retires the state in force at shutdown and waits until every cache and keystore is closed.</summary>
    public Task RetireAsync()
    {
        var last = Current;
        Task[] closing;
        lock (_closing)
        {
            _closing.Add(last.Closed);
            closing = [.. _closing];
        }

        last.Release();
        return Task.WhenAll(closing);
    }
}
