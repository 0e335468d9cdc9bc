using System.Buffers;

namespace Kes.Infrastructure.KeyStores.Aws;

/// <summary>An HTTP response body read into a pooled buffer that is cleared when it goes back, since a GetSecretValue answer holds key material.</summary>
internal sealed class ResponseBody : IDisposable
{
    private const int InitialSize = 4096;

    private byte[] _buffer;
    private int _length;

    private ResponseBody(byte[] buffer) => _buffer = buffer;

    /// <summary>The bytes read.</summary>
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

    /// <summary>Reads the whole body, refusing one larger than <paramref name="maxSize"/>.</summary>
    public static async Task<ResponseBody> ReadAsync(HttpContent content, int maxSize, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        if (declared > maxSize)
        {
            throw TooLarge(maxSize);
        }

        var body = new ResponseBody(ArrayPool<byte>.Shared.Rent(declared is > 0 ? (int)declared.Value : InitialSize));
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (true)
                {
                    if (body._length == body._buffer.Length)
                    {
                        body.Grow(maxSize);
                    }

                    var read = await stream.ReadAsync(body._buffer.AsMemory(body._length), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return body;
                    }

                    body._length += read;
                }
            }
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length != 0)
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }

        _length = 0;
    }

    private static AwsKeyStoreException TooLarge(int maxSize) => new($"aws: response larger than {maxSize} bytes");

    private void Grow(int maxSize)
    {
        if (_buffer.Length >= maxSize)
        {
            throw TooLarge(maxSize);
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(maxSize + 1, _buffer.Length * 2));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer, clearArray: true);
        _buffer = larger;
    }
}
