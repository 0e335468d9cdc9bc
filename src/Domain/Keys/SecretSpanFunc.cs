namespace Kes.Domain.Keys;

/// <summary>Computes a result from the bytes of a <see cref="PooledSecret"/>; <paramref name="bytes"/> is scoped, so it cannot be kept past the call.</summary>
public delegate TResult SecretSpanFunc<in TState, out TResult>(scoped Span<byte> bytes, TState state)
    where TState : allows ref struct;
