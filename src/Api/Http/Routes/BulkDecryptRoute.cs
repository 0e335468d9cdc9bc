using System.Text.Json;
using Kes.Api.Http.Buffers;
using Kes.Api.Http.Json;
using Kes.Api.Http.Routing;
using Kes.Application.Keys;

namespace Kes.Api.Http.Routes;

/// <summary><c>/v1/key/bulk/decrypt/&lt;name&gt;</c> (docs/COMPATIBILITY.md D10): a JSON array of <c>{ciphertext, context}</c> in, an array of <c>{plaintext}</c> out.</summary>
public static class BulkDecryptRoute
{
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
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return GoJsonBody.SyntaxError(body.Span, default) ?? "invalid request body";
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return "json: cannot unmarshal into Go value of type []request";
            }

            foreach (var element in document.RootElement.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.Object)
                {
                    return "json: cannot unmarshal into Go value of type request";
                }

                var ciphertextError = Field(element, "ciphertext", out var ciphertext);
                var contextError = Field(element, "context", out var context);
                if ((ciphertextError ?? contextError) is { } error)
                {
                    return error;
                }

                items.Add(new BulkDecryptItem(ciphertext, context));
            }

            return null;
        }
    }

    /// <summary>The item's base64 field <paramref name="name"/> (matched as Go does, ignoring case; the last one wins), empty when absent or null.</summary>
    private static string? Field(JsonElement item, string name, out byte[] value)
    {
        value = [];
        string? error = null;
        foreach (var property in item.EnumerateObject())
        {
            if (!string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            (value, error) = property.Value.ValueKind switch
            {
                JsonValueKind.Null => ([], null),
                JsonValueKind.String => Decoded(property.Value),
                var kind => ([], $"json: cannot unmarshal {KindName(kind)} into Go struct field request.{name} of type []uint8"),
            };
        }

        return error;
    }

    private static (byte[] Value, string? Error) Decoded(JsonElement value)
    {
        var bytes = GoJsonBody.DecodeBase64(System.Text.Encoding.UTF8.GetBytes(value.GetString()!), out var error);
        return bytes is null ? ([], error) : (bytes, null);
    }

    private static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        JsonValueKind.Number => "number",
        _ => "bool",
    };
}
