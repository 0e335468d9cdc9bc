using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;

namespace Kes.Api.Http.Buffers;

/// <summary>Gives Kestrel <see cref="ZeroingBlockPool"/>s instead of its own pools, trims them every period, and gives memory back when <see cref="MemoryReleaseTrigger"/> says so.</summary>
public sealed class ZeroingBlockPoolFactory : IMemoryPoolFactory<byte>, IDisposable
{
    /// <summary>How long a block may sit unused in a pool before it is let go.</summary>
    public static readonly TimeSpan TrimPeriod = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<ZeroingBlockPool, byte> _pools = new();
    private readonly MemoryReleaseTrigger _release;
    private readonly HeldBlocks? _held;
    private readonly ITimer _timer;

    /// <summary>Starts the trim timer on <paramref name="time"/>; <paramref name="release"/> decides when memory goes back, and <paramref name="held"/> counts the blocks out of every pool.</summary>
    public ZeroingBlockPoolFactory(TimeProvider time, MemoryReleaseTrigger release, HeldBlocks? held = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(release);
        _release = release;
        _held = held;
        _timer = time.CreateTimer(_ => TrimAll(), null, TrimPeriod, TrimPeriod);
    }

    /// <summary>The pools handed out that are still open.</summary>
    public IReadOnlyCollection<ZeroingBlockPool> Pools => (IReadOnlyCollection<ZeroingBlockPool>)_pools.Keys;

    /// <inheritdoc />
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null)
    {
        var pool = new ZeroingBlockPool(p => _pools.TryRemove(p, out _), _held);
        _pools.TryAdd(pool, 0);
        return pool;
    }

    /// <inheritdoc />
    public void Dispose() => _timer.Dispose();

    private void TrimAll()
    {
        long rented = 0;
        foreach (var pool in _pools.Keys)
        {
            rented += pool.Rented;
        }

        var release = _release.Tick(rented) | (_held?.TakeReleaseDue() ?? false);
        foreach (var pool in _pools.Keys)
        {
            pool.Trim(everything: release);
        }

        if (release)
        {
            MemoryRelease.Run();
            _release.Released();
        }
    }
}
