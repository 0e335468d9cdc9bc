// .NET's TLS stream decrypts each record in place in a 32 KiB array it rents from the shared ArrayPool and
// returns it, uncleared, as soon as the read that emptied it ends: the last request of a connection stays in
// a pooled array in clear (an imported key, an encrypt plaintext) until something else rents it. The stream
// offers no hook to clear it. The shared pool keeps the array a thread returned last in that thread's own slot,
// and the read returns it on the thread that then runs the reader's continuation: renting one array of that
// size right there hands back exactly that array, which is zeroed and put back (docs/crypto.md §7.4).
using System.Buffers;

namespace Kes.Api.Http.Buffers;

/// <summary>Zeroes the receive array the TLS stream just gave back to the shared pool on this thread.</summary>
public static class TlsReceiveBufferScrub
{
    /// <summary>The size the TLS stream rents its receive buffer at (16 KiB records plus headers, rounded up by the pool).</summary>
    public const int ReceiveBufferSize = 32 * 1024;

    /// <summary>Rents the array this thread returned last at <see cref="ReceiveBufferSize"/>, zeroes it and gives it back.</summary>
    public static void Run()
    {
        var array = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
        array.AsSpan().Clear();
        ArrayPool<byte>.Shared.Return(array);
    }
}
