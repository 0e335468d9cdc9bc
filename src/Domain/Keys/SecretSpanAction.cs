namespace Kes.Domain.Keys;

/// <summary>Works on the bytes of a <see cref="PooledSecret"/>; <paramref name="bytes"/> is scoped, so it cannot be kept past the call.</summary>
public delegate void SecretSpanAction<in TState>(scoped Span<byte> bytes, TState state)
    where TState : allows ref struct;
