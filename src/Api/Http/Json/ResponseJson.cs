using System.Buffers;
using System.Text.Json;
using Kes.Api.Http.Buffers;
using Kes.Application.Json;

namespace Kes.Api.Http.Json;

/// <summary>Writes replies as upstream does: compact Go-style JSON and a trailing newline, or the exact error shape of docs/api.md §4.2.</summary>
public static class ResponseJson
{
    private const string JsonContentType = "application/json";

    [ThreadStatic]
    private static SecretBufferWriter? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_json;

    /// <summary>Writes a 200 JSON reply built by <paramref name="write"/>, with a newline after the value.</summary>
    public static Task WriteAsync<TState>(HttpResponse response, TState state, Action<Utf8JsonWriter, TState> write)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(write);

        // The JSON is written synchronously into this thread's buffer and copied into the response pipe
        // before any await, so one buffer and one writer per thread serve every reply without allocating.
        var buffer = t_buffer ??= new SecretBufferWriter(512);
        var json = t_json ??= new Utf8JsonWriter(buffer, GoJson.WriterOptions);
        json.Reset(buffer);
        try
        {
            write(json, state);
            json.Flush();
            buffer.Write("\n"u8);
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = JsonContentType;
            response.ContentLength = buffer.WrittenCount;
            response.BodyWriter.Write(buffer.WrittenSpan);
        }
        finally
        {
            // The reply may carry a data key or a plaintext in base64: Reset zeroes what was written, and an array a
            // large reply grew goes back rather than staying with this thread.
            buffer.Reset();
        }

        var flush = response.BodyWriter.FlushAsync();
        return flush.IsCompletedSuccessfully ? Task.CompletedTask : flush.AsTask();
    }

    /// <summary>The error shape: <c>{"message":</c> + JSON string + <c>\n}</c>, with its status.</summary>
    public static Task WriteErrorAsync(HttpResponse response, int status, string message)
    {
        ArgumentNullException.ThrowIfNull(response);
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var json = new Utf8JsonWriter(buffer, GoJson.WriterOptions))
        {
            json.WriteStringValue(message);
        }

        var body = new byte[13 + buffer.WrittenCount];
        "{\"message\":"u8.CopyTo(body);
        buffer.WrittenSpan.CopyTo(body.AsSpan(11));
        body[^1] = (byte)'}';
        body[^2] = (byte)'\n';
        response.StatusCode = status;
        response.ContentType = JsonContentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }

    /// <summary>An empty 200: <c>Content-Length: 0</c> and no content type.</summary>
    public static Task WriteEmptyAsync(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentLength = 0;
        return Task.CompletedTask;
    }
}
