using System.Globalization;
using Kes.Domain.Keys;

namespace Kes.PropertyTests.Keys;

/// <summary>Secret blocks sit in pages that core dumps leave out and that are locked in RAM, as /proc/self/smaps reports them.</summary>
public class SecretPagesTests
{
    [SkippableTheory]
    [InlineData(32)]
    [InlineData(SecretMemoryPool.BlockSize)]
    [InlineData(20_000)]
    public unsafe void A_secret_block_is_in_a_mapping_core_dumps_leave_out(int length)
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "MADV_DONTDUMP and /proc/self/smaps are Linux only");
        using var block = SecretMemory.Allocate(length);
        Assert.Contains("dd", VmFlags((nuint)block.Address));
    }

    [SkippableFact]
    public unsafe void A_secret_block_is_locked_in_RAM_when_RLIMIT_MEMLOCK_allows()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "mlock and /proc/self/smaps are Linux only");
        var limit = LockLimit();
        Skip.If(limit < 1L << 20, $"RLIMIT_MEMLOCK is {limit} bytes here, too little to expect every secret slab to be locked");
        using var small = SecretMemory.Allocate(32);
        using var large = SecretMemory.Allocate(20_000);
        Assert.Contains("lo", VmFlags((nuint)small.Address));
        Assert.Contains("lo", VmFlags((nuint)large.Address));
    }

    private static string[] VmFlags(nuint address)
    {
        var inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var range = line.Split(' ', 2)[0].Split('-');
            if (range.Length == 2 && ulong.TryParse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var start)
                && ulong.TryParse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var end))
            {
                inside = start <= address && address < end;
            }
            else if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                return line["VmFlags:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
        }

        throw new InvalidOperationException($"no mapping holds 0x{address:x}");
    }

    private static long LockLimit()
    {
        var line = File.ReadLines("/proc/self/limits").First(l => l.StartsWith("Max locked memory", StringComparison.Ordinal));
        var soft = line["Max locked memory".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return soft == "unlimited" ? long.MaxValue : long.Parse(soft, CultureInfo.InvariantCulture);
    }
}
