using Kes.Domain.Logs;
using Kes.Application.Requests;

namespace Kes.Application.Logs;

/// <summary>The server's error log: records at or above the configured level go to stderr and to the <c>/v1/log/error</c> subscribers.</summary>
public sealed class ErrorLog(TextWriter console, IServerStateSource state, TimeProvider time)
{
    /// <summary>The stream behind <c>/v1/log/error</c>; its lines are the slog text records.</summary>
    public LogBroadcast Stream { get; } = new();

    /// <summary>Writes an ERROR record.</summary>
    public void Error(string message, RequestContext? context = null) => Write(SlogLevels.Error, message, context);

    /// <summary>Writes a record at <paramref name="recordLevel"/> if the threshold lets it through.</summary>
    public void Write(int recordLevel, string message, RequestContext? context = null)
    {
        // A request logs under the configuration it was admitted with; anything else under the one in force.
        var threshold = context is { } request ? request.State.ErrorLogLevel : state.Current.ErrorLogLevel;
        if (recordLevel < threshold)
        {
            return;
        }

        var line = SlogText.Format(time.GetUtcNow(), recordLevel, message, context);
        lock (console)
        {
            console.WriteLine(line);
        }

        Stream.Publish(line);
    }
}
