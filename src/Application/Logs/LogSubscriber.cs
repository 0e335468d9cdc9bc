using System.Threading.Channels;

namespace Kes.Application.Logs;

/// <summary>One subscriber of a <see cref="LogBroadcast"/>: it receives every line published after it was created, until it is disposed.</summary>
public sealed class LogSubscriber : IDisposable
{
    private readonly ChannelReader<string> _lines;
    private Action? _unsubscribe;

    internal LogSubscriber(ChannelReader<string> lines, Action unsubscribe)
    {
        _lines = lines;
        _unsubscribe = unsubscribe;
    }

    /// <summary>The lines as they arrive, until <paramref name="cancellationToken"/> fires.</summary>
    public IAsyncEnumerable<string> ReadAllAsync(CancellationToken cancellationToken) => _lines.ReadAllAsync(cancellationToken);

    /// <summary>Stops receiving.</summary>
    public void Dispose() => Interlocked.Exchange(ref _unsubscribe, null)?.Invoke();
}
