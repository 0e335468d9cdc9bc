namespace Kes.Application.Caching;

/// <summary>A count of holders that starts at one (the owner) and, once it reaches zero, never rises again.</summary>
/// <remarks>A mutable struct: keep it in a non-readonly field and call it in place, never copy it.</remarks>
public struct ReferenceCount
{
    private int _count;

    /// <summary>A count held by its owner alone.</summary>
    public ReferenceCount() => _count = 1;

    /// <summary>Adds a holder, unless the last one has already gone.</summary>
    public bool TryAcquire()
    {
        var current = Volatile.Read(ref _count);
        while (current > 0)
        {
            var seen = Interlocked.CompareExchange(ref _count, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    /// <summary>Drops a holder; true for the one that was the last.</summary>
    public bool Release() => Interlocked.Decrement(ref _count) == 0;
}
