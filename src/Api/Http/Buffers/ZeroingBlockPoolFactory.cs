using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;

namespace Kes.Api.Http.Buffers;

/// <summary>Gives Kestrel <see cref="ZeroingBlockPool"/>s instead of its own pools, trims them every period, and after many connections closed gives their memory back.</summary>
public sealed class ZeroingBlockPoolFactory : IMemoryPoolFactory<byte>, IDisposable
{
    /// <summary>How long a block may sit unused in a pool before it is let go.</summary>
    public static readonly TimeSpan TrimPeriod = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<ZeroingBlockPool, byte> _pools = new();
    private readonly OpenConnections _connections;
    private readonly ITimer _timer;

    /// <summary>Starts the trim timer on <paramref name="time"/>; <paramref name="connections"/> tells when many connections closed.</summary>
    public ZeroingBlockPoolFactory(TimeProvider time, OpenConnections connections)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(connections);
        _connections = connections;
        _timer = time.CreateTimer(_ => TrimAll(), null, TrimPeriod, TrimPeriod);
    }

    /// <summary>The pools handed out that are still open.</summary>
    public IReadOnlyCollection<ZeroingBlockPool> Pools => (IReadOnlyCollection<ZeroingBlockPool>)_pools.Keys;

    /// <inheritdoc />
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null)
    {
        var pool = new ZeroingBlockPool(p => _pools.TryRemove(p, out _));
        _pools.TryAdd(pool, 0);
        return pool;
    }

    /// <inheritdoc />
    public void Dispose() => _timer.Dispose();

    private void TrimAll()
    {
        var sharpDrop = _connections.TakeSharpDrop();
        foreach (var pool in _pools.Keys)
        {
            pool.Trim(everything: sharpDrop);
        }

        if (sharpDrop)
        {
            MemoryRelease.Run();
        }
    }
}
