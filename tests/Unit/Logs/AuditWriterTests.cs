using System.Text;
using Kes.Application.Logs;

namespace Kes.UnitTests.Logs;

/// <summary>The batched audit writer: every line arrives whole and exactly once, on its own within the flush delay, and a console that stalls holds writers back instead of losing lines.</summary>
public sealed class AuditWriterTests
{
    private static byte[] Utf8(string line) => Encoding.UTF8.GetBytes(line);

    [Fact]
    public async Task Lines_from_many_threads_arrive_whole_and_once()
    {
        using var console = new StringWriter();
        using var writer = new AuditWriter(TextWriter.Synchronized(console));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                writer.WriteLine(Utf8($"thread={t} line={i} é"));
            }
        })));

        writer.Flush();
        var lines = console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(16_000, lines.Length);
        Assert.Equal(16_000, lines.Distinct().Count());
        Assert.All(lines, line => Assert.Matches(@"^thread=\d line=\d+ é$", line));
    }

    [Fact]
    public async Task A_line_reaches_the_console_on_its_own_after_the_flush_delay()
    {
        using var console = new StringWriter();
        using var writer = new AuditWriter(TextWriter.Synchronized(console));
        writer.WriteLine(Utf8("first"));
        await Until(() => console.ToString() == "first\n");
        // Once written, the timer is disarmed; the next line must arm it again.
        writer.WriteLine(Utf8("second"));
        await Until(() => console.ToString() == "first\nsecond\n");
    }

    [Fact]
    public async Task A_stalled_console_holds_writers_back_and_loses_nothing()
    {
        using var console = new StalledWriter();
        using var writer = new AuditWriter(console);
        var line = Utf8(new string('x', 999));
        // The timer's write is stuck in the console; requests fill the queue past its capacity.
        writer.WriteLine(line);
        await console.Entered.Task;
        var others = Task.Run(() =>
        {
            for (var i = 0; i < (AuditWriter.Capacity / 1_000) + 50; i++)
            {
                writer.WriteLine(line);
            }
        });

        await Task.Delay(200);
        Assert.False(others.IsCompleted, "a writer went on although the queued lines were over capacity");
        console.Release.Set();
        await others;
        writer.Flush();
        Assert.Equal((AuditWriter.Capacity / 1_000) + 51, console.Lines);
    }

    [Fact]
    public void A_line_longer_than_a_batch_follows_the_lines_queued_before_it_whole()
    {
        using var console = new StringWriter();
        using var writer = new AuditWriter(TextWriter.Synchronized(console));
        var longLine = new string('y', AuditWriter.Capacity + 10);
        writer.WriteLine(Utf8("before"));
        writer.WriteLine(Utf8(longLine));
        writer.WriteLine(Utf8("after"));
        writer.Flush();
        Assert.Equal($"before\n{longLine}\nafter\n", console.ToString());
    }

    [Fact]
    public void A_failing_console_loses_lines_only_with_a_report_and_never_fails_the_request()
    {
        using var console = new FailingWriter();
        var reports = new List<string>();
        using var writer = new AuditWriter(console, reports.Add);
        writer.WriteLine(Utf8("one"));
        writer.WriteLine(Utf8("two"));
        writer.Flush();
        var report = Assert.Single(reports);
        Assert.Equal("audit log: 2 records could not be written: disk full", report);
    }

    private static async Task Until(Func<bool> condition)
    {
        // Generous: the flush delay is milliseconds, but a loaded 2-core machine may delay a timer by seconds.
        for (var waited = 0; !condition(); waited += 10)
        {
            Assert.True(waited < 10_000, "the line never reached the console");
            await Task.Delay(10);
        }
    }

    /// <summary>A console whose first write blocks until released.</summary>
    private sealed class StalledWriter : StringWriter
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ManualResetEventSlim Release { get; } = new();

        public int Lines => ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

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

    /// <summary>A console that refuses every write.</summary>
    private sealed class FailingWriter : StringWriter
    {
        public override void Write(string? value) => throw new IOException("disk full");
    }
}
