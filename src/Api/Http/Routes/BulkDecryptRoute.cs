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
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { AllowTrailingCommas = false });
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

                items.Add(new BulkDecryptItem(Field(element, "ciphertext"), Field(element, "context")));
            }

            return null;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return e.Message;
        }
    }

    private static byte[] Field(JsonElement item, string name)
    {
        byte[] value = [];
        foreach (var property in item.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value.ValueKind == JsonValueKind.Null ? [] : property.Value.GetBytesFromBase64();
            }
        }

        return value;
    }
}
