using System.Runtime.InteropServices;
using System.Text.Json;
using Kes.Api.Http.Buffers;
using Kes.Api.Http.Json;
using Kes.Api.Http.Routing;
using Kes.Application.Keys;

namespace Kes.Api.Http.Routes;

/// <summary><c>/v1/key/bulk/decrypt/&lt;name&gt;</c> (docs/COMPATIBILITY.md D10): a JSON array of <c>{ciphertext, context}</c> in, an array of <c>{plaintext}</c> out.</summary>
public static class BulkDecryptRoute
{
    private static readonly BodyField[] ItemFields = [new("ciphertext", true), new("context", true)];

    /// <summary>Decodes the array, sends <see cref="BulkDecrypt"/>, writes the plaintexts.</summary>
    public static async Task HandleAsync(RouteCall call)
    {
        var (buffer, length) = await call.ReadBodyAsync().ConfigureAwait(false);
        List<BulkDecryptItem> items;
        string? error;
        try
        {
            error = Decode(buffer.AsMemory(0, length), out items);
        }
        finally
        {
            SecretBuffers.Return(buffer, length);
        }

        var plaintexts = await call.Mediator.Send(new BulkDecrypt(call.Context, call.Resource, error, items)).ConfigureAwait(false);
        try
        {
            await ResponseJson.WriteAsync(call.Http.Response, plaintexts, static (json, plaintexts) =>
            {
                json.WriteStartArray();
                foreach (var plaintext in plaintexts)
                {
                    json.WriteStartObject();
                    plaintext.Use(json, static (bytes, json) => json.WriteBase64String("plaintext", bytes));
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }).ConfigureAwait(false);
        }
        finally
        {
            foreach (var plaintext in plaintexts)
            {
                plaintext.Dispose();
            }
        }
    }

    private static string? Decode(ReadOnlyMemory<byte> body, out List<BulkDecryptItem> items)
    {
        items = [];
        JsonDocument document;
        try
        {
            // The first value only, as every other route reads its body (docs/api.md §4.4).
            var reader = new Utf8JsonReader(body.Span, GoJsonBody.ReaderOptions);
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            // Both read with the same options, so the fallback is for a reader that disagrees with itself.
            return GoJsonBody.SyntaxError(body.Span) ?? "invalid request body";
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (root.ValueKind != JsonValueKind.Array)
            {
                return $"json: cannot unmarshal {KindName(root.ValueKind)} into Go value of type []request";
            }

            foreach (var element in root.EnumerateArray())
            {
                // More than the limit is refused whole; decoding the rest would only cost.
                if (items.Count > BulkDecrypt.MaxItems)
                {
                    break;
                }

                // Each item decodes as decrypt's body does: the same field matching, escapes, base64 and messages
                // (an item that is not an object included); a null item is Go's zero request, an empty ciphertext that will not open.
                using var item = GoJsonBody.Decode(JsonMarshal.GetRawUtf8Value(element), ItemFields);
                var error = item.Error;
                var ciphertext = item.Bytes(0, ref error).ToArray();
                var context = item.Bytes(1, ref error).ToArray();
                if (error is not null)
                {
                    return error;
                }

                items.Add(new BulkDecryptItem(ciphertext, context));
            }

            return null;
        }
    }

    private static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "string",
    };
}
