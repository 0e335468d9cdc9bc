using Kes.Domain.Logs;
using Kes.Application.Requests;

namespace Kes.Application.Logs;

/// <summary>The server's error log: records at or above the configured level go to stderr and to the <c>/v1/log/error</c> subscribers.</summary>
public sealed class ErrorLog(TextWriter console, int level, TimeProvider time)
{
    /// <summary>The stream behind <c>/v1/log/error</c>; its lines are the slog text records.</summary>
    public LogBroadcast Stream { get; } = new();

    private int _level = level;

    /// <summary>The configured threshold (slog numbering); a config reload may change it.</summary>
    public int Level
    {
        get => Volatile.Read(ref _level);
        set => Volatile.Write(ref _level, value);
    }

    /// <summary>Writes an ERROR record.</summary>
    public void Error(string message, RequestContext? context = null) => Write(SlogLevels.Error, message, context);

    /// <summary>Writes a record at <paramref name="recordLevel"/> if the threshold lets it through.</summary>
    public void Write(int recordLevel, string message, RequestContext? context = null)
    {
        if (recordLevel < Level)
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
