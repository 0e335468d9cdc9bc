using System.Buffers;
using System.Security.Cryptography;

namespace Kes.Client.Http;

/// <summary>A response body read into a pooled buffer up to a limit (docs/overview.md §4: 1 MiB, 1 KB for hmac and version), zeroed when disposed because it may hold plaintexts.</summary>
internal sealed class ResponseBody : IDisposable
{
    /// <summary>The general limit of kms-go.</summary>
    public const int DefaultLimit = 1 << 20;

    /// <summary>The limit for hmac and version replies.</summary>
    public const int SmallLimit = 1 << 10;

    private byte[]? _buffer;

    private ResponseBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => (_buffer ?? throw new ObjectDisposedException(nameof(ResponseBody))).AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => (_buffer ?? throw new ObjectDisposedException(nameof(ResponseBody))).AsMemory(0, Length);

    /// <summary>Reads at most <paramref name="limit"/> bytes; the rest is not read, as Go's <c>io.LimitReader</c> truncates.</summary>
    public static async Task<ResponseBody> ReadAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(limit, 16 * 1024));
        var length = 0;
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (length < limit)
                {
                    if (length == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(limit, buffer.Length * 2));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        CryptographicOperations.ZeroMemory(buffer.AsSpan(0, length));
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var read = await stream.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, limit) - length), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                }
            }

            return new ResponseBody(buffer, length);
        }
        catch
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        if (_buffer is null)
        {
            return;
        }

        CryptographicOperations.ZeroMemory(_buffer.AsSpan(0, Length));
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = null;
    }
}
