using System.Threading.Channels;

namespace Kes.Application.Logs;

/// <summary>Fans log lines out to the subscribers of a log stream; a slow subscriber loses its oldest lines instead of slowing the server.</summary>
public sealed class LogBroadcast
{
    private const int SubscriberBuffer = 1024;
    private readonly Lock _gate = new();
    private Channel<string>[] _subscribers = [];

    /// <summary>Whether anyone listens, so callers can skip formatting a line nobody reads.</summary>
    public bool HasSubscribers => Volatile.Read(ref _subscribers).Length > 0;

    /// <summary>Sends <paramref name="line"/> to every subscriber.</summary>
    public void Publish(string line)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber.Writer.TryWrite(line);
        }
    }

    /// <summary>Registers a subscriber at once, so that every line published after this call reaches it; dispose it to leave.</summary>
    public LogSubscriber Subscribe()
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(SubscriberBuffer)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        Update(subscribers => [.. subscribers, channel]);
        return new LogSubscriber(channel.Reader, () => Update(subscribers => Array.FindAll(subscribers, s => s != channel)));
    }

    private void Update(Func<Channel<string>[], Channel<string>[]> change)
    {
        lock (_gate)
        {
            Volatile.Write(ref _subscribers, change(_subscribers));
        }
    }
}
