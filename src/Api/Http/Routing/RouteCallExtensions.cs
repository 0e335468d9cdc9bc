using Kes.Api.Http.Json;
using Kes.Domain.Keys;

namespace Kes.Api.Http.Routing;

/// <summary>Body decoding shared by the routes that take JSON.</summary>
public static class RouteCallExtensions
{
    /// <summary>Reads and decodes the body into <paramref name="values"/>; returns the decoder's complaint or null.</summary>
    public static async ValueTask<(GoJsonBody Body, string? Error)> DecodeBodyAsync(this RouteCall call, BodyField[] fields, FieldValue[] values)
    {
        ArgumentNullException.ThrowIfNull(call);
        var (buffer, length) = await call.ReadBodyAsync().ConfigureAwait(false);
        try
        {
            var error = GoJsonBody.Decode(buffer.AsSpan(0, length), fields, values, out var body);
            return (body, error);
        }
        finally
        {
            RouteCall.ReturnBody(buffer, length);
        }
    }

    /// <summary>Decodes a base64 field into a managed array (for non-secret fields: contexts, ciphertexts, messages).</summary>
    public static byte[] DecodeBytes(this GoJsonBody body, FieldValue value, ref string? error)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (value.IsEmpty || error is not null)
        {
            return [];
        }

        var bytes = new byte[GoJsonBody.MaxDecodedLength(value)];
        var written = body.DecodeBase64(value, bytes, out var decodeError);
        if (written < 0)
        {
            error = decodeError;
            return [];
        }

        return written == bytes.Length ? bytes : bytes[..written];
    }

    /// <summary>Decodes a base64 field straight into pinned native memory (plaintexts, imported keys); null when absent or on error.</summary>
    public static SecretMemory? DecodeSecret(this GoJsonBody body, FieldValue value, ref string? error)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!value.Present || error is not null)
        {
            return null;
        }

        using var decoded = SecretMemory.Allocate(GoJsonBody.MaxDecodedLength(value));
        var written = body.DecodeBase64(value, decoded.Span, out var decodeError);
        if (written < 0)
        {
            error = decodeError;
            return null;
        }

        return SecretMemory.CopyOf(decoded.Span[..written]);
    }
}
