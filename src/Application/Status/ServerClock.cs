namespace Kes.Application.Status;

/// <summary>When the server started: uptime for status and metrics, and the <c>created_at</c> of policies and identities.</summary>
public sealed class ServerClock(TimeProvider time)
{
    private readonly long _start = time.GetTimestamp();

    /// <summary>The wall-clock start time.</summary>
    public DateTimeOffset StartedAt { get; } = time.GetLocalNow();

    /// <summary>Time since start.</summary>
    public TimeSpan UpTime => time.GetElapsedTime(_start);
}
