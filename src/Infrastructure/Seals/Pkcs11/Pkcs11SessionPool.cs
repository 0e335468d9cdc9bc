using System.Collections.Concurrent;
using Net.Pkcs11Interop.Common;

namespace Kes.Infrastructure.Seals.Pkcs11;

/// <summary>A bounded set of logged-in sessions on one token, each borrowed by one caller at a time: a PKCS#11 session is not thread-safe (docs/keystores.md §9.3).</summary>
/// <remarks>
/// One login per build: the first session logs in and every session is kept open until the pool is
/// rebuilt or disposed, since closing the last session logs the process out. A rebuild finalizes
/// and re-initializes the module with no session borrowed, finds the token again, logs in once and
/// looks the root key up again (handles of private objects die with the login). A wrong PIN ends
/// every later rebuild at once: a real HSM locks after a few failed logins.
/// </remarks>
internal sealed class Pkcs11SessionPool : IDisposable
{
    private static readonly TimeSpan RebuildPause = TimeSpan.FromSeconds(1);

    private readonly Pkcs11Token _token;
    private readonly string _pin;
    private readonly string _keyLabel;
    private readonly int _size;
    private readonly SemaphoreSlim _permits;
    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private readonly ConcurrentStack<ulong> _idle = new();
    private readonly List<ulong> _open = [];
    private SealException? _pinRefused;
    private SealException? _broken;
    private long _brokenAt;
    private int _generation;

    /// <summary>Builds the pool: the token, a login, the root key, <paramref name="size"/> sessions. Every failure is a <see cref="SealException"/> for the startup error.</summary>
    public Pkcs11SessionPool(Pkcs11Token token, string pin, string keyLabel, int size)
    {
        _token = token;
        _pin = pin;
        _keyLabel = keyLabel;
        _size = size;
        _permits = new SemaphoreSlim(size, size);
        try
        {
            Build(reset: false);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The root key's handle in the current build.</summary>
    public ulong Key { get; private set; }

    /// <summary>Runs <paramref name="operation"/> on a borrowed session; on a session or token failure the pool is rebuilt once and the operation retried once.</summary>
    public async Task<T> RunAsync<T>(Func<Pkcs11Token, ulong, ulong, PoolResult<T>> operation, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var generation = await BorrowAsync(cancellationToken).ConfigureAwait(false);
            PoolResult<T> result;
            var session = 0UL;
            try
            {
                result = _idle.TryPop(out session)
                    ? operation(_token, session, Key)
                    : PoolResult<T>.TokenFailure(_broken ?? new SealException($"seal: PKCS#11 token '{_token.Label}' is not available"));
            }
            finally
            {
                Return(session, generation);
            }

            if (result.Failure is null)
            {
                return result.Value!;
            }

            if (!result.Retry || attempt > 0)
            {
                throw result.Failure;
            }

            await RebuildAsync(generation, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        CloseAll();
        _permits.Dispose();
        _rebuild.Dispose();
    }

    private async Task<int> BorrowAsync(CancellationToken cancellationToken)
    {
        await _permits.WaitAsync(cancellationToken).ConfigureAwait(false);
        return Volatile.Read(ref _generation);
    }

    private void Return(ulong session, int generation)
    {
        if (session != 0 && generation == Volatile.Read(ref _generation))
        {
            _idle.Push(session);
        }

        _permits.Release();
    }

    private async Task RebuildAsync(int failedGeneration, CancellationToken cancellationToken)
    {
        await _rebuild.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (failedGeneration != Volatile.Read(ref _generation))
            {
                return;
            }

            if (_pinRefused is not null)
            {
                throw _pinRefused;
            }

            // Many callers fail together when a token goes away: one rebuild a second is enough.
            if (_broken is not null && Environment.TickCount64 - _brokenAt < RebuildPause.TotalMilliseconds)
            {
                throw _broken;
            }

            for (var i = 0; i < _size; i++)
            {
                await _permits.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                Build(reset: true);
            }
            finally
            {
                _permits.Release(_size);
            }
        }
        finally
        {
            _rebuild.Release();
        }
    }

    // Runs with no session borrowed: at construction, or holding every permit.
    private void Build(bool reset)
    {
        CloseAll();
        Interlocked.Increment(ref _generation);
        try
        {
            _token.Initialize(reset);
            var slot = _token.FindSlot();
            for (var i = 0; i < _size; i++)
            {
                var session = _token.OpenSession(slot);
                _open.Add(session);
                if (i == 0)
                {
                    Login(session);
                    Key = _token.FindRootKey(session, _keyLabel);
                }
            }

            foreach (var session in _open)
            {
                _idle.Push(session);
            }

            _broken = null;
        }
        catch (SealException e)
        {
            CloseAll();
            _broken = e;
            _brokenAt = Environment.TickCount64;
            throw;
        }
    }

    private void Login(ulong session)
    {
        try
        {
            _token.Login(session, _pin);
        }
        catch (SealException e) when (e.InnerException is Pkcs11Exception { RV: CKR.CKR_PIN_INCORRECT or CKR.CKR_PIN_INVALID or CKR.CKR_PIN_LEN_RANGE or CKR.CKR_PIN_LOCKED })
        {
            _pinRefused = e;
            throw;
        }
    }

    private void CloseAll()
    {
        _idle.Clear();
        foreach (var session in _open)
        {
            _token.CloseSession(session);
        }

        _open.Clear();
    }
}
