using System.Collections.Concurrent;

namespace Kes.Api.Http.Routing;

/// <summary>A route's write deadline (api.md §3 step 5): if the reply is not written in time the connection is aborted, and no error is sent.</summary>
/// <remarks>
/// Every request of a route with a timeout needs one, so the token sources are pooled: a source whose
/// deadline did not fire is reset and reused, and the hot path allocates no timer per request.
/// </remarks>
public sealed class WriteDeadlines(TimeProvider time)
{
    private const int MaxPooled = 256;
    private readonly ConcurrentQueue<CancellationTokenSource> _pool = new();

    /// <summary>Arms a deadline that aborts <paramref name="http"/> after <paramref name="timeout"/>; dispose the result when the reply is written.</summary>
    public Armed Arm(HttpContext http, TimeSpan timeout)
    {
        if (!_pool.TryDequeue(out var source))
        {
            source = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        }

        var registration = source.Token.UnsafeRegister(static state => ((HttpContext)state!).Abort(), http);
        source.CancelAfter(timeout);
        return new Armed(this, source, registration);
    }

    private void Return(CancellationTokenSource source)
    {
        if (_pool.Count < MaxPooled && source.TryReset())
        {
            _pool.Enqueue(source);
        }
        else
        {
            source.Dispose();
        }
    }

    /// <summary>A deadline in force until disposed.</summary>
    public readonly struct Armed : IDisposable
    {
        private readonly WriteDeadlines? _owner;
        private readonly CancellationTokenSource? _source;
        private readonly CancellationTokenRegistration _registration;

        internal Armed(WriteDeadlines owner, CancellationTokenSource source, CancellationTokenRegistration registration)
        {
            _owner = owner;
            _source = source;
            _registration = registration;
        }

        /// <summary>Disarms the deadline and returns its token source to the pool.</summary>
        public void Dispose()
        {
            if (_source is null)
            {
                return;
            }

            _registration.Dispose();
            _owner!.Return(_source);
        }
    }
}
