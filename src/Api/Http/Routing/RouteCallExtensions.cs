using Kes.Api.Http.Buffers;
using Kes.Api.Http.Json;

namespace Kes.Api.Http.Routing;

/// <summary>Body decoding shared by the routes that take JSON.</summary>
public static class RouteCallExtensions
{
    /// <summary>Reads the body under the route's limit and decodes <paramref name="fields"/>; the caller owns the result and disposes it.</summary>
    public static async ValueTask<GoJsonBody> DecodeBodyAsync(this RouteCall call, BodyField[] fields)
    {
        var (buffer, length) = await call.ReadBodyAsync().ConfigureAwait(false);
        try
        {
            return GoJsonBody.Decode(buffer.AsSpan(0, length), fields);
        }
        finally
        {
            SecretBuffers.Return(buffer, length);
        }
    }
}
