namespace Kes.Domain.Keys;

/// <summary>A block rented from <see cref="SecretMemoryPool"/>, held by value: copies may be passed around freely, and only the first <see cref="Dispose"/> of any copy gives the block back.</summary>
/// <remarks>
/// The block remembers how often it was returned, and this value the count it was rented under, so a
/// stale copy can neither return the block a second time (which would hand one block to two requests)
/// nor read it after it went back.
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

    /// <summary>The bytes; throws <see cref="ObjectDisposedException"/> once any copy was disposed.</summary>
    public Span<byte> Span
    {
        get
        {
            if (_block is null)
            {
                return default;
            }

            ObjectDisposedException.ThrowIf(Volatile.Read(ref _block.Lease) != _lease, typeof(PooledSecret));
            return _block.Span[..Length];
        }
    }

    /// <summary>Zeroes the bytes and returns the block, unless a copy already did.</summary>
    public void Dispose()
    {
        if (_block is not null)
        {
            SecretMemoryPool.Return(_block, _lease);
        }
    }
}
