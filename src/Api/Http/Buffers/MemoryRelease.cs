// The collector runs when the server allocates, so a server that has gone idle keeps the garbage of its last
// burst (and glibc the freed native memory of closed connections' TLS state) indefinitely: measured, 2,000
// closed connections left the process at 4.5 times its idle size a minute later (bench/RESULTS.md). When
// MemoryReleaseTrigger says so, the large request buffers kept aside are let go, one aggressive collection
// decommits what the heap no longer needs, the finalizers it found run (a handle nobody disposed frees its
// native memory there, after the collection), and malloc_trim hands glibc's free pages back.
using System.Runtime.InteropServices;

namespace Kes.Api.Http.Buffers;

/// <summary>Gives the memory of closed connections back to the operating system.</summary>
public static partial class MemoryRelease
{
    /// <summary>One aggressive, compacting collection and the finalizers it queued, then glibc's <c>malloc_trim</c> where there is one.</summary>
    public static void Run()
    {
        SecretBuffers.DropKept();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = MallocTrim(0);
        }
        catch (EntryPointNotFoundException)
        {
            // Not glibc (musl has no malloc_trim): the collection above is all there is.
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
