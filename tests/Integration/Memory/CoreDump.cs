using System.Diagnostics;

namespace Kes.IntegrationTests.Memory;

/// <summary>A core dump of a running process taken with gdb's <c>gcore</c>, searched for byte strings.</summary>
public sealed class CoreDump
{
    private const int ChunkSize = 64 << 20;

    private CoreDump(string path) => Path = path;

    /// <summary>The dump file.</summary>
    public string Path { get; }

    /// <summary>Dumps process <paramref name="pid"/> into <paramref name="folder"/>; null, with <see cref="Why"/> set, when gcore is missing or may not attach.</summary>
    public static async Task<CoreDump?> TakeAsync(int pid, string folder)
    {
        var prefix = System.IO.Path.Combine(folder, "core");
        var start = new ProcessStartInfo("gcore") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-o");
        start.ArgumentList.Add(prefix);
        start.ArgumentList.Add(pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Process gcore;
        try
        {
            gcore = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Why = "gcore (Debian's gdb) is not installed; .ci/install-test-tools installs it";
            return null;
        }

        using (gcore)
        {
            var stderr = gcore.StandardError.ReadToEndAsync();
            await gcore.StandardOutput.ReadToEndAsync();
            using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await gcore.WaitForExitAsync(patience.Token);
            var path = $"{prefix}.{pid}";
            if (gcore.ExitCode != 0 || !File.Exists(path))
            {
                Why = $"gcore could not dump the server (ptrace refused?): exit {gcore.ExitCode}, {(await stderr).Trim()}";
                return null;
            }

            return new CoreDump(path);
        }
    }

    /// <summary>Why the last <see cref="TakeAsync"/> returned null.</summary>
    public static string Why { get; private set; } = string.Empty;

    /// <summary>Every place where one of <paramref name="needles"/> occurs: its name and its offset in the dump file.</summary>
    public IReadOnlyList<(string Name, long Offset)> Find(IReadOnlyList<(string Name, byte[] Bytes)> needles)
    {
        ArgumentNullException.ThrowIfNull(needles);
        var overlap = needles.Max(n => n.Bytes.Length) - 1;
        var found = new List<(string, long)>();
        var buffer = new byte[ChunkSize + overlap];
        using var file = File.OpenRead(Path);
        var carried = 0;
        long windowStart = 0;
        while (true)
        {
            var read = file.ReadAtLeast(buffer.AsSpan(carried, ChunkSize), ChunkSize, throwOnEndOfStream: false);
            var window = buffer.AsSpan(0, carried + read);
            foreach (var (name, bytes) in needles)
            {
                for (var at = window.IndexOf(bytes); at >= 0; at = NextIndex(window, bytes, at))
                {
                    // A string wholly inside the carried tail was already seen in the previous window.
                    if (at + bytes.Length > carried)
                    {
                        found.Add((name, windowStart + at));
                    }
                }
            }

            if (read < ChunkSize)
            {
                return found;
            }

            // Keep the tail so that a string across two chunks is still seen.
            carried = Math.Min(overlap, window.Length);
            windowStart += window.Length - carried;
            window[^carried..].CopyTo(buffer);
        }
    }

    /// <summary>The <paramref name="length"/> bytes of the dump from <paramref name="offset"/>.</summary>
    public byte[] Read(long offset, int length)
    {
        using var file = File.OpenHandle(Path);
        var start = Math.Max(0, offset);
        var bytes = new byte[length - (int)(start - offset)];
        var read = RandomAccess.Read(file, bytes, start);
        return bytes[..read];
    }

    private static int NextIndex(ReadOnlySpan<byte> window, byte[] bytes, int previous)
    {
        var next = window[(previous + 1)..].IndexOf(bytes);
        return next < 0 ? -1 : previous + 1 + next;
    }
}
