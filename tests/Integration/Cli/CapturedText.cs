namespace Kes.IntegrationTests.Cli;

/// <summary>Text a running command writes from its own threads while a test reads it.</summary>
/// <remarks>
/// <see cref="TextWriter.Synchronized"/> serialises writes by locking the wrapper it returns, so a reader
/// must take that same lock: locking the inner <see cref="StringWriter"/> lets a read race a write and
/// throw out of <see cref="System.Text.StringBuilder.ToString()"/>.
/// </remarks>
public sealed class CapturedText
{
    private readonly System.Text.StringBuilder _text = new();

    public CapturedText() => Writer = TextWriter.Synchronized(new StringWriter(_text, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The writer to hand to the command.</summary>
    public TextWriter Writer { get; }

    /// <summary>Everything written so far.</summary>
    public string Snapshot()
    {
        lock (Writer)
        {
            return _text.ToString();
        }
    }
}
