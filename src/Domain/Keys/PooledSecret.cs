namespace Kes.Domain.Keys;

/// <summary>A block rented from <see cref="SecretMemoryPool"/>, held by value: copies may be passed around freely, and only the first <see cref="Dispose"/> of any copy gives the block back.</summary>
/// <remarks>
/// The bytes are reachable only inside <see cref="Use{TState}"/> and <see cref="Use{TState, TResult}"/>,
/// whose callback gets a scoped span that cannot outlive the call, and each call holds a read on the
/// block for its lease. So a stale copy, or a span kept from before <see cref="Dispose"/>, cannot exist:
/// a call after the return throws, and a return during a call waits for it before the block is zeroed
/// and handed on.
/// </remarks>
public readonly struct PooledSecret : IDisposable
{
    private readonly SecretMemory? _block;
    private readonly int _lease;

    internal PooledSecret(SecretMemory block, int lease, int length)
    {
        _block = block;
        _lease = lease;
        Length = length;
    }

    /// <summary>The number of bytes asked for.</summary>
    public int Length { get; }

    /// <summary>The same lease over its first <paramref name="length"/> bytes; disposing either gives the block back.</summary>
    public PooledSecret Slice(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Length);
        return _block is null ? default : new PooledSecret(_block, _lease, length);
    }

    /// <summary>Runs <paramref name="action"/> on the bytes; throws <see cref="ObjectDisposedException"/> once any copy was disposed.</summary>
    public void Use<TState>(TState state, SecretSpanAction<TState> action)
        where TState : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(action);
        if (_block is null)
        {
            action(default, state);
            return;
        }

        SecretMemoryPool.Enter(_block, _lease);
        try
        {
            action(_block.Span[..Length], state);
        }
        finally
        {
            SecretMemoryPool.Exit(_block);
        }
    }

    /// <summary>Computes <paramref name="func"/> of the bytes; throws <see cref="ObjectDisposedException"/> once any copy was disposed.</summary>
    public TResult Use<TState, TResult>(TState state, SecretSpanFunc<TState, TResult> func)
        where TState : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(func);
        if (_block is null)
        {
            return func(default, state);
        }

        SecretMemoryPool.Enter(_block, _lease);
        try
        {
            return func(_block.Span[..Length], state);
        }
        finally
        {
            SecretMemoryPool.Exit(_block);
        }
    }

    /// <summary>Gives the block back, unless a copy already did; it is zeroed before anyone rents it again.</summary>
    public void Dispose()
    {
        if (_block is not null)
        {
            SecretMemoryPool.Return(_block, _lease);
        }
    }
}
