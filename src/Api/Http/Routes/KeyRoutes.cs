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
        using (var body = await call.DecodeBodyAsync(ImportFields).ConfigureAwait(false))
        {
            var error = body.Error;
            using var key = body.Secret(0, ref error);
            await call.Mediator.Send(new ImportKey(call.Context, call.Resource, error, key, body.GetString(1))).ConfigureAwait(false);
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
        // Upstream skips decoding when the clamped Content-Length is 0, so an empty POST is fine here.
        using var body = call.DeclaresBody ? await call.DecodeBodyAsync(GenerateFields).ConfigureAwait(false) : default;
        var error = body.Error;
        var context = body.Bytes(0, ref error);
        using var dataKey = await call.Mediator.Send(new GenerateDataKey(call.Context, call.Resource, error, context)).ConfigureAwait(false);
        await ResponseJson.WriteAsync(call.Http.Response, dataKey, static (json, key) => key.Use(json, static (bytes, json) =>
        {
            json.WriteStartObject();
            json.WriteBase64String("plaintext", bytes[..DataKey.PlaintextSize]);
            json.WriteBase64String("ciphertext", bytes[DataKey.PlaintextSize..]);
            json.WriteEndObject();
        })).ConfigureAwait(false);
    }

    private static async Task EncryptAsync(RouteCall call)
    {
        byte[] ciphertext;
        using (var body = await call.DecodeBodyAsync(EncryptFields).ConfigureAwait(false))
        {
            var error = body.Error;
            using var plaintext = body.Secret(0, ref error);
            var context = body.Bytes(1, ref error);
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
        using var body = await call.DecodeBodyAsync(DecryptFields).ConfigureAwait(false);
        var error = body.Error;
        var ciphertext = body.Bytes(0, ref error);
        var context = body.Bytes(1, ref error);
        using var plaintext = await call.Mediator.Send(new DecryptCiphertext(call.Context, call.Resource, error, ciphertext, context)).ConfigureAwait(false);
        await ResponseJson.WriteAsync(call.Http.Response, plaintext, static (json, plaintext) => plaintext.Use(json, static (bytes, json) =>
        {
            json.WriteStartObject();
            json.WriteBase64String("plaintext", bytes);
            json.WriteEndObject();
        })).ConfigureAwait(false);
    }

    private static async Task HmacAsync(RouteCall call)
    {
        byte[] mac;
        using (var body = await call.DecodeBodyAsync(HmacFields).ConfigureAwait(false))
        {
            var error = body.Error;
            var message = body.Bytes(0, ref error);
            mac = await call.Mediator.Send(new ComputeHmac(call.Context, call.Resource, error, message)).ConfigureAwait(false);
        }

        await ResponseJson.WriteAsync(call.Http.Response, mac, static (json, mac) =>
        {
            json.WriteStartObject();
            json.WriteBase64String("hmac", mac);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }
}
