using System.Buffers;

namespace Kes.Api.Http.Buffers;

/// <summary>
/// Byte arrays that may hold secrets (request bodies, decoded fields): zeroed on return, and only arrays up to
/// <see cref="MaxPooled"/> go back to the shared pool. Valid requests are far smaller; a burst of
/// megabyte bodies (a fuzz campaign, an attacker) would otherwise stay pooled long after it ended
/// (bench/RESULTS.md).
/// </summary>
public static class SecretBuffers
{
    /// <summary>The largest array kept in the shared pool.</summary>
    public const int MaxPooled = 64 * 1024;

    /// <summary>An array of at least <paramref name="size"/> bytes.</summary>
    public static byte[] Rent(int size) => ArrayPool<byte>.Shared.Rent(size);

    /// <summary>Zeroes the first <paramref name="used"/> bytes of <paramref name="buffer"/> and gives it back (or to the collector when large).</summary>
    public static void Return(byte[] buffer, int used)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        buffer.AsSpan(0, used).Clear();
        if (buffer.Length is > 0 and <= MaxPooled)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
