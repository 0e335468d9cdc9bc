using Kes.Api.Http.Json;
using Kes.Api.Http.Routing;
using Kes.Application.Keys;
using Kes.Domain.Keys;
using static Kes.Api.Http.Routing.Route;

namespace Kes.Api.Http.Routes;

/// <summary>The <c>/v1/key/…</c> routes: each maps its path to one mediator request.</summary>
public static class KeyRoutes
{
    private static readonly BodyField[] ImportFields = [new("key", true), new("cipher", false)];
    private static readonly BodyField[] GenerateFields = [new("context", true)];
    private static readonly BodyField[] EncryptFields = [new("plaintext", true), new("context", true)];
    private static readonly BodyField[] DecryptFields = [new("ciphertext", true), new("context", true)];
    private static readonly BodyField[] HmacFields = [new("message", true)];

    /// <summary>The key routes with their upstream limits.</summary>
    public static IEnumerable<Route> All { get; } =
    [
        new("PUT", "/v1/key/create/", 0, DefaultTimeout, RouteAuth.Verify, CreateAsync),
        new("PUT", "/v1/key/import/", JsonBodyLimit, DefaultTimeout, RouteAuth.Verify, ImportAsync),
        new("GET", "/v1/key/describe/", 0, DefaultTimeout, RouteAuth.Verify, DescribeAsync),
        new("GET", "/v1/key/list/", 0, DefaultTimeout, RouteAuth.Verify, ListAsync),
        new("DELETE", "/v1/key/delete/", 0, DefaultTimeout, RouteAuth.Verify, DeleteAsync),
        new("PUT", "/v1/key/generate/", JsonBodyLimit, DefaultTimeout, RouteAuth.Verify, GenerateAsync),
        new("PUT", "/v1/key/encrypt/", JsonBodyLimit, DefaultTimeout, RouteAuth.Verify, EncryptAsync),
        new("PUT", "/v1/key/decrypt/", JsonBodyLimit, DefaultTimeout, RouteAuth.Verify, DecryptAsync),
        new("PUT", "/v1/key/hmac/", JsonBodyLimit, DefaultTimeout, RouteAuth.Verify, HmacAsync),
        new("PUT", "/v1/key/bulk/decrypt/", 1 << 20, DefaultTimeout, RouteAuth.Verify, BulkDecryptRoute.HandleAsync),
    ];

    private static async Task CreateAsync(RouteCall call)
    {
        await call.Mediator.Send(new CreateKey(call.Context, call.Resource)).ConfigureAwait(false);
        await ResponseJson.WriteEmptyAsync(call.Http.Response).ConfigureAwait(false);
    }

    private static async Task ImportAsync(RouteCall call)
    {
        var values = new FieldValue[ImportFields.Length];
        var (body, error) = await call.DecodeBodyAsync(ImportFields, values).ConfigureAwait(false);
        using (body)
        {
            using var key = body.DecodeSecret(values[0], ref error);
            var request = new ImportKey(call.Context, call.Resource, error, key, body.GetString(values[1]));
            await call.Mediator.Send(request).ConfigureAwait(false);
        }

        await ResponseJson.WriteEmptyAsync(call.Http.Response).ConfigureAwait(false);
    }

    private static async Task DescribeAsync(RouteCall call)
    {
        var key = await call.Mediator.Send(new DescribeKey(call.Context, call.Resource)).ConfigureAwait(false);
        await ResponseJson.WriteAsync(call.Http.Response, key, static (json, key) =>
        {
            json.WriteStartObject();
            json.WriteString("name", key.Name);
            json.WriteString("algorithm", key.Algorithm.Name());
            json.WriteString("created_at", key.CreatedAt.ToRfc3339());
            if (!key.CreatedBy.IsEmpty)
            {
                json.WriteString("created_by", key.CreatedBy.Value);
            }

            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task ListAsync(RouteCall call)
    {
        var page = await call.Mediator.Send(new ListKeys(call.Context, call.Resource)).ConfigureAwait(false);
        await ResponseJson.WriteAsync(call.Http.Response, page, static (json, page) =>
        {
            json.WriteStartObject();
            json.WriteStartArray("names");
            foreach (var name in page.Names)
            {
                json.WriteStringValue(name);
            }

            json.WriteEndArray();
            if (page.ContinueAt.Length > 0)
            {
                json.WriteString("continue_at", page.ContinueAt);
            }

            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task DeleteAsync(RouteCall call)
    {
        await call.Mediator.Send(new DeleteKey(call.Context, call.Resource)).ConfigureAwait(false);
        await ResponseJson.WriteEmptyAsync(call.Http.Response).ConfigureAwait(false);
    }

    private static async Task GenerateAsync(RouteCall call)
    {
        var values = new FieldValue[GenerateFields.Length];
        string? error = null;
        byte[] context = [];
        // Upstream skips decoding when the clamped Content-Length is 0, so an empty POST is fine here.
        if (call.Http.Request.ContentLength != 0)
        {
            (var body, error) = await call.DecodeBodyAsync(GenerateFields, values).ConfigureAwait(false);
            using (body)
            {
                context = body.DecodeBytes(values[0], ref error);
            }
        }

        using var dataKey = await call.Mediator.Send(new GenerateDataKey(call.Context, call.Resource, error, context)).ConfigureAwait(false);
        await ResponseJson.WriteAsync(call.Http.Response, dataKey, static (json, key) =>
        {
            json.WriteStartObject();
            json.WriteBase64String("plaintext", key.Plaintext);
            json.WriteBase64String("ciphertext", key.Ciphertext);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task EncryptAsync(RouteCall call)
    {
        var values = new FieldValue[EncryptFields.Length];
        var (body, error) = await call.DecodeBodyAsync(EncryptFields, values).ConfigureAwait(false);
        byte[] ciphertext;
        using (body)
        {
            using var plaintext = body.DecodeSecret(values[0], ref error);
            var context = body.DecodeBytes(values[1], ref error);
            ciphertext = await call.Mediator.Send(new EncryptPlaintext(call.Context, call.Resource, error, plaintext, context)).ConfigureAwait(false);
        }

        await ResponseJson.WriteAsync(call.Http.Response, ciphertext, static (json, ciphertext) =>
        {
            json.WriteStartObject();
            json.WriteBase64String("ciphertext", ciphertext);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task DecryptAsync(RouteCall call)
    {
        var values = new FieldValue[DecryptFields.Length];
        var (body, error) = await call.DecodeBodyAsync(DecryptFields, values).ConfigureAwait(false);
        byte[] ciphertext, context;
        using (body)
        {
            ciphertext = body.DecodeBytes(values[0], ref error);
            context = body.DecodeBytes(values[1], ref error);
        }

        using var plaintext = await call.Mediator.Send(new DecryptCiphertext(call.Context, call.Resource, error, ciphertext, context)).ConfigureAwait(false);
        await ResponseJson.WriteAsync(call.Http.Response, plaintext, static (json, plaintext) =>
        {
            json.WriteStartObject();
            json.WriteBase64String("plaintext", plaintext.Span);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static async Task HmacAsync(RouteCall call)
    {
        var values = new FieldValue[HmacFields.Length];
        var (body, error) = await call.DecodeBodyAsync(HmacFields, values).ConfigureAwait(false);
        byte[] message;
        using (body)
        {
            message = body.DecodeBytes(values[0], ref error);
        }

        var mac = await call.Mediator.Send(new ComputeHmac(call.Context, call.Resource, error, message)).ConfigureAwait(false);
        await ResponseJson.WriteAsync(call.Http.Response, mac, static (json, mac) =>
        {
            json.WriteStartObject();
            json.WriteBase64String("hmac", mac);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }
}
