using Kes.Domain.Keys;

namespace Kes.Application.Keys;

/// <summary>A reply that carries secret bytes (a decrypted plaintext) in a pooled pinned block; the HTTP layer writes it out and then disposes it, which zeroes it.</summary>
public readonly struct SecretBytes(PooledSecret block, int length) : IDisposable
{
    private readonly PooledSecret _bytes = block.Slice(length);

    /// <summary>The number of secret bytes.</summary>
    public int Length => _bytes.Length;

    /// <summary>Runs <paramref name="action"/> on the bytes, which it cannot keep (<see cref="PooledSecret.Use{TState}"/>).</summary>
    public void Use<TState>(TState state, SecretSpanAction<TState> action)
        where TState : allows ref struct => _bytes.Use(state, action);

    /// <summary>Computes <paramref name="func"/> of the bytes, which it cannot keep (<see cref="PooledSecret.Use{TState, TResult}"/>).</summary>
    public TResult Use<TState, TResult>(TState state, SecretSpanFunc<TState, TResult> func)
        where TState : allows ref struct => _bytes.Use(state, func);

    /// <summary>Zeroes the bytes and returns their block to the pool (once, whichever copy is disposed).</summary>
    public void Dispose() => _bytes.Dispose();
}
