using Microsoft.Extensions.ObjectPool;

namespace Kes.Api.Http.Routing;

/// <summary>A route's write deadline (docs/api.md §3 step 5): if the reply is not written in time the connection is aborted, and no error is sent.</summary>
/// <remarks>
/// Every request of a route with a timeout needs one, so the token sources are pooled: a source whose
/// deadline did not fire is reset and reused, and the hot path allocates no timer per request.
/// </remarks>
public sealed class WriteDeadlines(TimeProvider time)
{
    private readonly ObjectPool<CancellationTokenSource> _pool =
        new DefaultObjectPoolProvider { MaximumRetained = 256 }.Create(new TokenSourcePolicy(time));

    /// <summary>Arms a deadline that aborts <paramref name="http"/> after <paramref name="timeout"/>; dispose the result when the reply is written.</summary>
    public Armed Arm(HttpContext http, TimeSpan timeout)
    {
        var source = _pool.Get();
        var registration = source.Token.UnsafeRegister(static state => ((HttpContext)state!).Abort(), http);
        source.CancelAfter(timeout);
        return new Armed(_pool, source, registration);
    }

    /// <summary>A deadline in force until disposed.</summary>
    public readonly struct Armed : IDisposable
    {
        private readonly ObjectPool<CancellationTokenSource>? _pool;
        private readonly CancellationTokenSource? _source;
        private readonly CancellationTokenRegistration _registration;

        internal Armed(ObjectPool<CancellationTokenSource> pool, CancellationTokenSource source, CancellationTokenRegistration registration)
        {
            _pool = pool;
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
            _pool!.Return(_source);
        }
    }

    /// <summary>Sources tick on the server's clock; one whose deadline fired cannot be reset, so the pool disposes it instead of keeping it.</summary>
    private sealed class TokenSourcePolicy(TimeProvider time) : IPooledObjectPolicy<CancellationTokenSource>
    {
        public CancellationTokenSource Create() => new(Timeout.InfiniteTimeSpan, time);

        public bool Return(CancellationTokenSource obj) => obj.TryReset();
    }
}
