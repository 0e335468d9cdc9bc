using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Kes.Client.Errors;
using Kes.Client.Http;
using Kes.Client.Json;
using Kes.Client.Tls;
using Kes.Domain.Keys;

namespace Kes.Client;

/// <summary>A client for every route of the KES API (docs/api.md §7), with kms-go's wire behaviour: POST for create/import/generate/encrypt/decrypt, PUT for hmac, failover across endpoints, and errors as <see cref="KesClientException"/>.</summary>
/// <remarks>
/// Plaintexts and data keys come back in <see cref="SecretMemory"/>; dispose them when done.
/// Network failures surface as <see cref="HttpRequestException"/> once every endpoint was tried.
/// </remarks>
public sealed class KesClient : IDisposable
{
    private readonly KesTransport _transport;

    /// <summary>A client for <paramref name="options"/>.</summary>
    public KesClient(KesClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Endpoints.Count == 0)
        {
            throw new ArgumentException("at least one endpoint is required", nameof(options));
        }

        Endpoints = options.Endpoints;
        var check = new ServerCertificateCheck(options.TrustedRoots, options.InsecureSkipVerify);
        var rotation = new EndpointRotation(options.Endpoints, options.EndpointPenalty, options.TimeProvider);
        _transport = new KesTransport(options.Credentials.CreateHandler(check), rotation, options.Credentials.UsesBouncyCastle, options.RequestTimeout);
    }

    /// <summary>The servers, in the order given.</summary>
    public IReadOnlyList<Uri> Endpoints { get; }

    /// <summary><c>GET /version</c>.</summary>
    public async Task<ServerVersion> VersionAsync(CancellationToken cancellationToken = default)
    {
        using var document = await GetJsonAsync("/version", ResponseBody.SmallLimit, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        return new ServerVersion(JsonFields.String(root, "version"), JsonFields.String(root, "commit"));
    }

    /// <summary><c>GET /v1/ready</c>: completes when the server and its keystore are ready, throws otherwise (e.g. 504 <c>key store is not reachable</c>).</summary>
    public async Task ReadyAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _transport.SendAsync(HttpMethod.Get, "/v1/ready", null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>GET /v1/status</c>.</summary>
    public async Task<ServerStatus> StatusAsync(CancellationToken cancellationToken = default)
    {
        using var document = await GetJsonAsync("/v1/status", ResponseBody.DefaultLimit, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        return new ServerStatus(
            JsonFields.String(root, "version"),
            JsonFields.String(root, "os"),
            JsonFields.String(root, "arch"),
            TimeSpan.FromSeconds(JsonFields.Double(root, "uptime")),
            (int)JsonFields.Int64(root, "num_cpu"),
            (int)JsonFields.Int64(root, "num_cpu_used"),
            JsonFields.Int64(root, "mem_heap_used"),
            JsonFields.Int64(root, "mem_stack_used"),
            JsonFields.Int64(root, "keystore_latency"),
            JsonFields.Bool(root, "keystore_unavailable"),
            JsonFields.Bool(root, "keystore_unreachable"));
    }

    /// <summary><c>GET /v1/api</c>: the routes the server serves.</summary>
    public async Task<IReadOnlyList<ApiRoute>> ApisAsync(CancellationToken cancellationToken = default)
    {
        using var document = await GetJsonAsync("/v1/api", ResponseBody.DefaultLimit, cancellationToken).ConfigureAwait(false);
        var routes = new List<ApiRoute>();
        foreach (var route in document.RootElement.EnumerateArray())
        {
            routes.Add(new ApiRoute(
                JsonFields.String(route, "method"),
                JsonFields.String(route, "path"),
                JsonFields.Int64(route, "max_body"),
                TimeSpan.FromSeconds(JsonFields.Int64(route, "timeout"))));
        }

        return routes;
    }

    /// <summary><c>GET /v1/metrics</c> in the Prometheus text format, folded as kms-go does.</summary>
    public async Task<ServerMetrics> MetricsAsync(CancellationToken cancellationToken = default)
    {
        using var body = await SendAsync(HttpMethod.Get, "/v1/metrics", null, ResponseBody.DefaultLimit, cancellationToken).ConfigureAwait(false);
        return PrometheusText.Parse(Encoding.UTF8.GetString(body.Span));
    }

    /// <summary><c>POST /v1/key/create/&lt;name&gt;</c>: a new random key; <see cref="KesClientError.KeyExists"/> if the name is taken.</summary>
    public async Task CreateKeyAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var body = await SendAsync(HttpMethod.Post, GoPathEscape.Join("/v1/key/create", name), null, ResponseBody.DefaultLimit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>POST /v1/key/import/&lt;name&gt;</c>: stores the given 32-byte key; <paramref name="cipher"/> is <c>AES256</c> (kms-go's default) or <c>ChaCha20</c>.</summary>
    public async Task ImportKeyAsync(string name, ReadOnlyMemory<byte> key, string cipher = "AES256", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(cipher);
        using var request = RequestJson.Import(key.Span, cipher);
        using var body = await SendAsync(HttpMethod.Post, GoPathEscape.Join("/v1/key/import", name), request, ResponseBody.DefaultLimit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>GET /v1/key/describe/&lt;name&gt;</c>.</summary>
    public async Task<KeyInfo> DescribeKeyAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var document = await GetJsonAsync(GoPathEscape.Join("/v1/key/describe", name), ResponseBody.DefaultLimit, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        var algorithm = JsonFields.String(root, "algorithm");
        return new KeyInfo(
            JsonFields.String(root, "name"),
            algorithm.Length == 0 ? "AES256" : algorithm,
            JsonFields.Time(root, "created_at"),
            JsonFields.String(root, "created_by"));
    }

    /// <summary><c>GET /v1/key/list/&lt;prefix&gt;</c>: one page of names; pass <see cref="NameListing.ContinueAt"/> as the next prefix to go on, as kms-go's iterator does.</summary>
    /// <remarks><paramref name="prefix"/> is a name prefix, or <c>*</c> or empty for all; the server removes one trailing <c>*</c> (docs/COMPATIBILITY.md D2).</remarks>
    public Task<NameListing> ListKeysAsync(string prefix, CancellationToken cancellationToken = default) =>
        ListAsync("/v1/key/list", prefix, "names", cancellationToken);

    /// <summary><c>DELETE /v1/key/delete/&lt;name&gt;</c>.</summary>
    public async Task DeleteKeyAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var body = await SendAsync(HttpMethod.Delete, GoPathEscape.Join("/v1/key/delete", name), null, ResponseBody.DefaultLimit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>POST /v1/key/generate/&lt;name&gt;</c>: a fresh data key, sealed with <paramref name="context"/> as associated data.</summary>
    public async Task<DataKey> GenerateKeyAsync(string name, ReadOnlyMemory<byte> context = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var request = RequestJson.WithContext([], default, context.Span);
        using var body = await SendAsync(HttpMethod.Post, GoPathEscape.Join("/v1/key/generate", name), request, ResponseBody.DefaultLimit, cancellationToken).ConfigureAwait(false);
        var plaintext = SecretJson.ReadBase64(body.Span, "plaintext");
        try
        {
            return new DataKey(plaintext, Base64Field(body, "ciphertext"));
        }
        catch
        {
            plaintext.Dispose();
            throw;
        }
    }

    /// <summary><c>POST /v1/key/encrypt/&lt;name&gt;</c>: the ciphertext of <paramref name="plaintext"/> (at most about 1 MB).</summary>
    public async Task<byte[]> EncryptAsync(string name, ReadOnlyMemory<byte> plaintext, ReadOnlyMemory<byte> context = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var request = RequestJson.WithContext("plaintext"u8, plaintext.Span, context.Span);
        using var body = await SendAsync(HttpMethod.Post, GoPathEscape.Join("/v1/key/encrypt", name), request, ResponseBody.DefaultLimit, cancellationToken).ConfigureAwait(false);
        return Base64Field(body, "ciphertext");
    }

    /// <summary><c>POST /v1/key/decrypt/&lt;name&gt;</c>: the plaintext; <see cref="KesClientError.DecryptionFailed"/> for a wrong key, context or ciphertext.</summary>
    public async Task<SecretMemory> DecryptAsync(string name, ReadOnlyMemory<byte> ciphertext, ReadOnlyMemory<byte> context = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var request = RequestJson.WithContext("ciphertext"u8, ciphertext.Span, context.Span);
        using var body = await SendAsync(HttpMethod.Post, GoPathEscape.Join("/v1/key/decrypt", name), request, ResponseBody.DefaultLimit, cancellationToken).ConfigureAwait(false);
        return SecretJson.ReadBase64(body.Span, "plaintext");
    }

    /// <summary><c>POST /v1/key/bulk/decrypt/&lt;name&gt;</c> (docs/COMPATIBILITY.md D10): the plaintexts of up to 1000 ciphertexts, in order.</summary>
    public async Task<IReadOnlyList<SecretMemory>> DecryptAllAsync(string name, IReadOnlyList<CiphertextItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(items);
        using var request = RequestJson.BulkDecrypt(items);
        using var body = await SendAsync(HttpMethod.Post, GoPathEscape.Join("/v1/key/bulk/decrypt", name), request, ResponseBody.DefaultLimit, cancellationToken).ConfigureAwait(false);
        return SecretJson.ReadBase64Array(body.Span, "plaintext");
    }

    /// <summary><c>PUT /v1/key/hmac/&lt;name&gt;</c>: HMAC-SHA256 of <paramref name="message"/> under the key's HMAC key; <see cref="KesClientError.HmacNotSupported"/> for legacy keys.</summary>
    public async Task<SecretMemory> HmacAsync(string name, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var request = RequestJson.Hmac(message.Span);
        using var body = await SendAsync(HttpMethod.Put, GoPathEscape.Join("/v1/key/hmac", name), request, ResponseBody.SmallLimit, cancellationToken).ConfigureAwait(false);
        return SecretJson.ReadBase64(body.Span, "hmac");
    }

    /// <summary><c>GET /v1/policy/describe/&lt;name&gt;</c>.</summary>
    public async Task<PolicyInfo> DescribePolicyAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var document = await GetJsonAsync(GoPathEscape.Join("/v1/policy/describe", name), ResponseBody.DefaultLimit, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        return new PolicyInfo(JsonFields.String(root, "name"), JsonFields.Time(root, "created_at"), JsonFields.String(root, "created_by"));
    }

    /// <summary><c>GET /v1/policy/read/&lt;name&gt;</c>: the policy with its allow and deny rules.</summary>
    public async Task<PolicyDocument> GetPolicyAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var document = await GetJsonAsync(GoPathEscape.Join("/v1/policy/read", name), ResponseBody.DefaultLimit, cancellationToken).ConfigureAwait(false);
        return Policy(document.RootElement, JsonFields.String(document.RootElement, "name"));
    }

    /// <summary><c>GET /v1/policy/list/&lt;pattern&gt;</c>.</summary>
    public Task<NameListing> ListPoliciesAsync(string pattern, CancellationToken cancellationToken = default) =>
        ListAsync("/v1/policy/list", pattern, "names", cancellationToken);

    /// <summary><c>GET /v1/identity/describe/&lt;identity&gt;</c>.</summary>
    public async Task<IdentityInfo> DescribeIdentityAsync(string identity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identity);
        using var document = await GetJsonAsync(GoPathEscape.Join("/v1/identity/describe", identity), ResponseBody.DefaultLimit, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        return new IdentityInfo(
            identity,
            JsonFields.Bool(root, "admin"),
            JsonFields.String(root, "policy"),
            JsonFields.Time(root, "created_at"),
            JsonFields.String(root, "created_by"));
    }

    /// <summary><c>GET /v1/identity/self/describe</c>: who the server thinks the caller is.</summary>
    public async Task<SelfDescription> DescribeSelfAsync(CancellationToken cancellationToken = default)
    {
        using var document = await GetJsonAsync("/v1/identity/self/describe", ResponseBody.DefaultLimit, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        var policy = JsonFields.String(root, "policy");
        return new SelfDescription(
            JsonFields.String(root, "identity"),
            JsonFields.Bool(root, "admin"),
            policy.Length == 0 ? null : Policy(root, policy),
            JsonFields.Time(root, "created_at"),
            JsonFields.String(root, "created_by"));
    }

    /// <summary><c>GET /v1/identity/list/&lt;pattern&gt;</c>.</summary>
    public Task<NameListing> ListIdentitiesAsync(string pattern, CancellationToken cancellationToken = default) =>
        ListAsync("/v1/identity/list", pattern, "identities", cancellationToken);

    /// <summary><c>GET /v1/log/audit</c> as raw ndjson; the stream ends when disposed or when the server goes away.</summary>
    public Task<Stream> OpenAuditLogAsync(CancellationToken cancellationToken = default) => OpenStreamAsync("/v1/log/audit", cancellationToken);

    /// <summary><c>GET /v1/log/error</c> as raw ndjson.</summary>
    public Task<Stream> OpenErrorLogAsync(CancellationToken cancellationToken = default) => OpenStreamAsync("/v1/log/error", cancellationToken);

    /// <summary>The audit events that happen from now on, until cancelled.</summary>
    public async IAsyncEnumerable<AuditEvent> AuditLogAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var stream = await OpenAuditLogAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (line.Length != 0)
                {
                    yield return ParseAuditEvent(line);
                }
            }
        }
    }

    /// <summary>The error-log records that happen from now on, until cancelled.</summary>
    public async IAsyncEnumerable<ErrorEvent> ErrorLogAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var stream = await OpenErrorLogAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (line.Length != 0)
                {
                    using var document = JsonDocument.Parse(line);
                    yield return new ErrorEvent(JsonFields.String(document.RootElement, "message"));
                }
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _transport.Dispose();

    /// <summary>One audit-log line (docs/api.md §10).</summary>
    public static AuditEvent ParseAuditEvent(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        JsonFields.TryGet(root, "request", out var request);
        JsonFields.TryGet(root, "response", out var response);
        var ip = JsonFields.String(request, "ip");
        return new AuditEvent(
            JsonFields.Time(root, "time"),
            JsonFields.String(request, "path"),
            ip.Length == 0 ? null : IPAddress.Parse(ip),
            JsonFields.String(request, "identity"),
            (int)JsonFields.Int64(response, "code"),
            TimeSpan.FromMilliseconds(JsonFields.Int64(response, "time")));
    }

    private static PolicyDocument Policy(JsonElement root, string name) => new(
        name,
        JsonFields.Keys(root, "allow"),
        JsonFields.Keys(root, "deny"),
        JsonFields.Time(root, "created_at"),
        JsonFields.String(root, "created_by"));

    private static byte[] Base64Field(ResponseBody body, string name)
    {
        using var document = JsonDocument.Parse(body.Memory);
        return JsonFields.TryGet(document.RootElement, name, out var field) ? field.GetBytesFromBase64() : [];
    }

    private async Task<NameListing> ListAsync(string route, string pattern, string field, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        using var document = await GetJsonAsync(GoPathEscape.Join(route, pattern), ResponseBody.DefaultLimit, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        return new NameListing(JsonFields.Strings(root, field), JsonFields.String(root, "continue_at"));
    }

    private async Task<JsonDocument> GetJsonAsync(string path, int limit, CancellationToken cancellationToken)
    {
        using var body = await SendAsync(HttpMethod.Get, path, null, limit, cancellationToken).ConfigureAwait(false);
        return JsonDocument.Parse(body.Memory.ToArray());
    }

    private async Task<ResponseBody> SendAsync(HttpMethod method, string path, RequestBody? request, int limit, CancellationToken cancellationToken)
    {
        using var response = await _transport.SendAsync(method, path, request, cancellationToken).ConfigureAwait(false);
        return await ResponseBody.ReadAsync(response.Content, limit, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Stream> OpenStreamAsync(string path, CancellationToken cancellationToken)
    {
        var response = await _transport.SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        try
        {
            return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
