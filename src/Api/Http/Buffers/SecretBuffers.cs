using System.Buffers;
using System.Numerics;

namespace Kes.Api.Http.Buffers;

/// <summary>
/// Byte arrays that may hold secrets (request bodies, decoded fields), zeroed on return. Arrays up to
/// <see cref="MaxPooled"/> go back to the shared pool. Above that (only oversized or malicious bodies need them),
/// one array per power-of-two size up to <see cref="MaxKept"/> is kept aside until the next memory release: each
/// megabyte body otherwise left about 4 MB of large-object garbage, which with the reply buffers' piled up to
/// 40 MB between full collections under the fuzz campaign, while the shared pool would keep a burst of them for good
/// (bench/RESULTS.md).
/// </summary>
public static class SecretBuffers
{
    /// <summary>The largest array kept in the shared pool.</summary>
    public const int MaxPooled = 64 * 1024;

    /// <summary>The largest array kept aside: the decoder's scratch for a body at the 1,000,000-byte JSON limit.</summary>
    public const int MaxKept = 2 * 1024 * 1024;

    private static readonly int FirstKeptShift = BitOperations.Log2(MaxPooled) + 1;
    private static readonly byte[]?[] Kept = new byte[]?[BitOperations.Log2(MaxKept) - BitOperations.Log2(MaxPooled)];

    /// <summary>An array of at least <paramref name="size"/> bytes.</summary>
    public static byte[] Rent(int size)
    {
        if (size <= MaxPooled)
        {
            return ArrayPool<byte>.Shared.Rent(size);
        }

        if (size > MaxKept)
        {
            return GC.AllocateUninitializedArray<byte>(size);
        }

        var length = (int)BitOperations.RoundUpToPowerOf2((uint)size);
        return Interlocked.Exchange(ref Kept[SlotOf(length)], null) ?? GC.AllocateUninitializedArray<byte>(length);
    }

    /// <summary>Zeroes the first <paramref name="used"/> bytes of <paramref name="buffer"/> and gives it back (or to the collector when neither the pool nor the kept arrays take it).</summary>
    public static void Return(byte[] buffer, int used)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        buffer.AsSpan(0, used).Clear();
        if (buffer.Length is > 0 and <= MaxPooled)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        else if (buffer.Length is > MaxPooled and <= MaxKept && BitOperations.IsPow2(buffer.Length))
        {
            Volatile.Write(ref Kept[SlotOf(buffer.Length)], buffer);
        }
    }

    /// <summary>Lets go of the arrays kept aside; a memory release calls it before its collection.</summary>
    public static void DropKept()
    {
        for (var slot = 0; slot < Kept.Length; slot++)
        {
            Volatile.Write(ref Kept[slot], null);
        }
    }

    /// <summary>How many arrays are kept aside now.</summary>
    public static int KeptCount
    {
        get
        {
            var count = 0;
            for (var slot = 0; slot < Kept.Length; slot++)
            {
                count += Volatile.Read(ref Kept[slot]) is null ? 0 : 1;
            }

            return count;
        }
    }

    private static int SlotOf(int powerOfTwo) => BitOperations.Log2((uint)powerOfTwo) - FirstKeptShift;
}
