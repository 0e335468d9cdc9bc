using Kes.Application.Logs;

namespace Kes.UnitTests.Logs;

/// <summary>The batched audit writer: every line arrives whole and exactly once, and a console that stalls holds writers back instead of losing lines.</summary>
public sealed class AuditWriterTests
{
    [Fact]
    public async Task Lines_from_many_threads_arrive_whole_and_once()
    {
        using var console = new StringWriter();
        var writer = new AuditWriter(TextWriter.Synchronized(console));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                writer.WriteLine($"thread={t} line={i}");
            }
        })));

        var lines = console.ToString().Split(console.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(16_000, lines.Length);
        Assert.Equal(16_000, lines.Distinct().Count());
        Assert.All(lines, line => Assert.Matches(@"^thread=\d line=\d+$", line));
    }

    [Fact]
    public async Task A_stalled_console_holds_writers_back_and_loses_nothing()
    {
        using var console = new StalledWriter();
        var writer = new AuditWriter(console);
        var line = new string('x', 1_000);
        // The first writer is stuck in the console; the others fill the pending batch past its capacity.
        var first = Task.Run(() => writer.WriteLine(line));
        await console.Entered.Task;
        var others = Task.Run(() =>
        {
            for (var i = 0; i < (AuditWriter.Capacity / 1_000) + 50; i++)
            {
                writer.WriteLine(line);
            }
        });

        await Task.Delay(200);
        Assert.False(others.IsCompleted, "a writer went on although the pending lines were over capacity");
        console.Release.Set();
        await Task.WhenAll(first, others);
        Assert.Equal((AuditWriter.Capacity / 1_000) + 51, console.Lines);
    }

    /// <summary>A console whose first write blocks until released.</summary>
    private sealed class StalledWriter : StringWriter
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ManualResetEventSlim Release { get; } = new();

        public int Lines => ToString().Split(NewLine, StringSplitOptions.RemoveEmptyEntries).Length;

        public override void Write(string? value)
        {
            Entered.TrySetResult();
            Release.Wait();
            base.Write(value);
        }

        protected override void Dispose(bool disposing)
        {
            Release.Dispose();
            base.Dispose(disposing);
        }
    }
}
