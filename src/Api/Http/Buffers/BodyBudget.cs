namespace Kes.Api.Http.Buffers;

/// <summary>
/// What the server holds for request bodies still arriving, across every connection and stream (docs/api.md §3
/// step 4): each body's buffer, and <see cref="StreamCost"/> for the stream that waits on it. Without the buffers
/// counted, an allowed caller that left hundreds of large bodies just short of their end filled the 256 MiB heap
/// and requests failed with out-of-memory 500s; without the streams counted, 48 connections of 512 streams that
/// each sent one byte of a ten-byte body held the server at 247 MiB until their deadlines, and the resets that
/// ended them took the process down (bench/RESULTS.md). With both, such a caller gets 503 once the budget is
/// spent, and everyone else's small bodies go on.
/// </summary>
/// <param name="capacity">The most bytes held at once.</param>
public sealed class BodyBudget(long capacity)
{
    /// <summary>
    /// What a stream waiting on its body costs besides the body: Kestrel's stream, its pipes and the request's
    /// state, measured at about 10.5 KiB a stream and rounded up; the default 32 MiB budget holds some 2,047 such streams.
    /// </summary>
    public const int StreamCost = 16 * 1024;

    /// <summary>How long a body that finds the budget spent may take to arrive whole (or an unread one to end) before it is refused (or its stream let go).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(100);

    private long _inUse;

    /// <summary>The bytes held now.</summary>
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
