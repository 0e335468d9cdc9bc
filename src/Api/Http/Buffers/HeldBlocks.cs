namespace Kes.Api.Http.Buffers;

/// <summary>
/// How many of Kestrel's 4 KiB blocks are out of the pools at once, across every connection: what Kestrel itself holds
/// for clients, outside any budget of ours (docs/api.md §1). An answer a client does not let out (an HTTP/2 stream
/// window of 0 and no WINDOW_UPDATE) keeps its stream and block until Kestrel's response data rate ends the
/// connection, and the application is never told: 96 connections of 512 such streams filled the 256 MiB heap and
/// the process aborted (bench/RESULTS.md). Past <see cref="Limit"/>, the router refuses new requests until blocks
/// come back, which bounds what such clients can make the server hold.
/// </summary>
/// <param name="limitBytes">How many bytes of blocks may be out before new requests are refused.</param>
public sealed class HeldBlocks(long limitBytes)
{
    private long _out;
    private long _refused;
    private int _refusing;
    private int _releaseDue;

    /// <summary>The most blocks out before new requests are refused.</summary>
    public long Limit { get; } = Math.Max(1, limitBytes / ZeroingBlockPool.BlockSize);

    /// <summary>Blocks out of the pools now.</summary>
    public long Out => Volatile.Read(ref _out);

    /// <summary>Whether new requests are refused now.</summary>
    public bool Full => Volatile.Read(ref _out) >= Limit;

    /// <summary>Requests refused since the server started because the blocks out were at the limit.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Counts a refused request.</summary>
    public void CountRefusal() => Interlocked.Increment(ref _refused);

    /// <summary>Counts a block a pool handed out.</summary>
    public void Took() => Interlocked.Increment(ref _out);

    /// <summary>Counts a block that came back.</summary>
    public void Gave() => Interlocked.Decrement(ref _out);

    /// <summary>True for the first refusal since the blocks were last below the limit: the one the error log reports.</summary>
    public bool StartsRefusing()
    {
        Volatile.Write(ref _releaseDue, 1);
        return Interlocked.Exchange(ref _refusing, 1) == 0;
    }

    /// <summary>
    /// True once after the limit was reached and the blocks have since come back below <see cref="ResumeBelow"/>: the
    /// memory the held answers took is free, and should go back to the system. The usual triggers can miss it: the
    /// clients may close fewer than 256 connections, and a release while the answers were still held set the floor
    /// as high as they left it (docs/api.md §1).
    /// </summary>
    public bool TakeReleaseDue() => ClearOnceBelow(ref _releaseDue);

    /// <summary>The count below which a refusing episode ends: three quarters of the limit, so that one episode is not logged as many.</summary>
    public long ResumeBelow => Limit - (Limit / 4);

    /// <summary>Ends a refusing episode once the blocks are below <see cref="ResumeBelow"/>; true for the one call that ends it.</summary>
    public bool EndsRefusing() => ClearOnceBelow(ref _refusing);

    /// <summary>Clears <paramref name="flag"/> once the blocks are below <see cref="ResumeBelow"/>; true for the one call that clears it.</summary>
    private bool ClearOnceBelow(ref int flag) => Volatile.Read(ref flag) != 0 && Volatile.Read(ref _out) < ResumeBelow && Interlocked.Exchange(ref flag, 0) == 1;
}
