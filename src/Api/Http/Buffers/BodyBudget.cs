namespace Kes.Api.Http.Buffers;

/// <summary>
/// The bytes of request bodies the server holds while they arrive, across every connection and stream
/// (docs/api.md §3 step 4). Without it, an allowed caller that opened hundreds of streams and left each body just
/// short of its end made the server hold a megabyte per stream until the 256 MiB heap ran out and requests failed
/// with out-of-memory 500s; with it, such a caller gets 503 once the budget is spent, and everyone else's small
/// bodies go on.
/// </summary>
/// <param name="capacity">The most body bytes held at once.</param>
public sealed class BodyBudget(long capacity)
{
    private long _inUse;

    /// <summary>The body bytes held now.</summary>
    public long InUse => Interlocked.Read(ref _inUse);

    /// <summary>Takes <paramref name="bytes"/> from the budget; false, taking nothing, when that would pass the capacity.</summary>
    public bool TryTake(long bytes)
    {
        if (Interlocked.Add(ref _inUse, bytes) <= capacity)
        {
            return true;
        }

        Interlocked.Add(ref _inUse, -bytes);
        return false;
    }

    /// <summary>Gives back bytes taken earlier.</summary>
    public void Give(long bytes) => Interlocked.Add(ref _inUse, -bytes);
}
