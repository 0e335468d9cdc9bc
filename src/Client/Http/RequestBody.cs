using System.Buffers;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Kes.Client.Http;

/// <summary>A request body in a pooled buffer that is zeroed when the request is done, since bodies carry plaintexts and imported keys.</summary>
/// <remarks>Failover re-sends the same bytes to the next endpoint, so the body outlives one attempt.</remarks>
internal sealed class RequestBody : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private byte[]? _buffer;

    public RequestBody(int capacity, bool isJson = true)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 1));
        IsJson = isJson;
    }

    /// <summary>Whether a <c>Content-Type: application/json</c> header is sent (kms-go sends none for hmac).</summary>
    public bool IsJson { get; }

    public int Length { get; private set; }

    /// <summary>The space after the bytes written so far.</summary>
    public Span<byte> Free => Buffer.AsSpan(Length);

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(RequestBody));

    public void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Free);
        Length += bytes.Length;
    }

    /// <summary>Appends the standard padded base64 of <paramref name="bytes"/>.</summary>
    public void AppendBase64(ReadOnlySpan<byte> bytes)
    {
        System.Buffers.Text.Base64.EncodeToUtf8(bytes, Free, out _, out var written);
        Length += written;
    }

    /// <summary>The encoded size of <paramref name="length"/> bytes in padded base64.</summary>
    public static int Base64Length(int length) => (length + 2) / 3 * 4;

    /// <summary>Content for one attempt; it refers to this buffer, which must stay alive until the response arrives.</summary>
    public HttpContent CreateContent()
    {
        var content = new ByteArrayContent(Buffer, 0, Length);
        if (IsJson)
        {
            content.Headers.ContentType = Json;
        }

        return content;
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
