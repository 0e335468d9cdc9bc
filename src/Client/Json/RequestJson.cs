using System.Text.Json;

namespace Kes.Client.Json;

/// <summary>The request bodies kms-go sends (docs/api.md §7), written straight into a <see cref="Http.RequestBody"/> so plaintexts and keys never pass through strings.</summary>
internal static class RequestJson
{
    /// <summary><c>{"key":…,"cipher":…}</c> for import.</summary>
    public static Http.RequestBody Import(ReadOnlySpan<byte> key, string cipher)
    {
        var encodedCipher = JsonEncodedText.Encode(cipher).EncodedUtf8Bytes;
        var body = new Http.RequestBody(Http.RequestBody.Base64Length(key.Length) + encodedCipher.Length + 32);
        body.Append("{\"key\":\""u8);
        body.AppendBase64(key);
        body.Append("\",\"cipher\":\""u8);
        body.Append(encodedCipher);
        body.Append("\"}"u8);
        return body;
    }

    /// <summary>A body of one required base64 field and an optional <c>context</c> omitted when empty, as kms-go's <c>omitempty</c> does.</summary>
    public static Http.RequestBody WithContext(ReadOnlySpan<byte> field, ReadOnlySpan<byte> value, ReadOnlySpan<byte> context)
    {
        var body = new Http.RequestBody(Http.RequestBody.Base64Length(value.Length) + Http.RequestBody.Base64Length(context.Length) + field.Length + 32);
        body.Append("{"u8);
        if (!field.IsEmpty)
        {
            body.Append("\""u8);
            body.Append(field);
            body.Append("\":\""u8);
            body.AppendBase64(value);
            body.Append("\""u8);
        }

        if (!context.IsEmpty)
        {
            body.Append(field.IsEmpty ? "\"context\":\""u8 : ",\"context\":\""u8);
            body.AppendBase64(context);
            body.Append("\""u8);
        }

        body.Append("}"u8);
        return body;
    }

    /// <summary><c>{"message":…}</c> for hmac, sent without a Content-Type as kms-go does.</summary>
    public static Http.RequestBody Hmac(ReadOnlySpan<byte> message)
    {
        var body = new Http.RequestBody(Http.RequestBody.Base64Length(message.Length) + 16, isJson: false);
        body.Append("{\"message\":\""u8);
        body.AppendBase64(message);
        body.Append("\"}"u8);
        return body;
    }

    /// <summary>The bulk-decrypt array <c>[{"ciphertext":…,"context":…},…]</c> (docs/COMPATIBILITY.md D10).</summary>
    public static Http.RequestBody BulkDecrypt(IReadOnlyList<CiphertextItem> items)
    {
        var capacity = 2;
        foreach (var item in items)
        {
            capacity += Http.RequestBody.Base64Length(item.Ciphertext.Length) + Http.RequestBody.Base64Length(item.Context.Length) + 32;
        }

        var body = new Http.RequestBody(capacity);
        body.Append("["u8);
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                body.Append(","u8);
            }

            body.Append("{\"ciphertext\":\""u8);
            body.AppendBase64(items[i].Ciphertext.Span);
            body.Append("\""u8);
            if (!items[i].Context.IsEmpty)
            {
                body.Append(",\"context\":\""u8);
                body.AppendBase64(items[i].Context.Span);
                body.Append("\""u8);
            }

            body.Append("}"u8);
        }

        body.Append("]"u8);
        return body;
    }
}
