using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kes.IntegrationTests.KeyStores;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Kes.IntegrationTests.Vault.VaultEndpoint;

/// <summary>A Vault/OpenBao-compatible endpoint for tests: K/V v1 and v2, AppRole and Kubernetes login, token renewal, Transit and <c>sys/health</c>, on 127.0.0.1, plain HTTP or mutual TLS.</summary>
/// <remarks>
/// Statuses and bodies follow what a real OpenBao 2.1.1 answered (docs/COMPATIBILITY.md, Vault / OpenBao wire
/// facts); what was not observed follows Vault's API documents, as each part notes. <c>sys/health</c>
/// answers as Vault's sys/health document lists: 200 active, 429 unsealed standby, 501 not initialized,
/// 503 sealed (observed: with <c>sealed</c> and <c>standby</c> both true); it needs no token. While
/// sealed every other call answers 503 <c>Vault is sealed</c> (observed). <c>X-Vault-Namespace</c> is
/// honoured as Vault Enterprise documents it (OpenBao 2.1.1 ignored it): mounts and entries live in
/// their namespace. Faults: <see cref="Faults"/> (seal, standby, uninitialized, 500s, slowness),
/// <see cref="FakeVaultAuth.ExpireAllTokens"/>, <see cref="DenyPath"/> (403 missing capability) and
/// <see cref="GoDownAsync"/> (connection refused).
/// </remarks>
public sealed class FakeVault : IAsyncDisposable
{
    private const string HealthPath = "sys/health";

    private readonly X509Certificate2? _serverCertificate;
    private readonly X509Certificate2? _clientCertificate;
    private readonly ConcurrentQueue<VaultCall> _calls = new();
    private readonly ConcurrentDictionary<string, bool> _denied = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _transitMounts = new(StringComparer.Ordinal);
    private readonly LoopbackEndpoint _host;

    private FakeVault(X509Certificate2? serverCertificate, X509Certificate2? clientCertificate)
    {
        _serverCertificate = serverCertificate;
        _clientCertificate = clientCertificate;
        Auth = new FakeVaultAuth(TimeProvider.System);
        Kv = new FakeVaultKv(TimeProvider.System);
        Kv.Mount("kv", 1);
        Kv.Mount("kv2", 2);
        MountTransit("transit");
        _host = new LoopbackEndpoint(HandleAsync, Tls);
    }

    /// <summary>The base URL, <c>http(s)://127.0.0.1:&lt;port&gt;</c>.</summary>
    public Uri Url => new($"{(_serverCertificate is null ? "http" : "https")}://127.0.0.1:{_host.Port}");

    /// <summary>Tokens and logins.</summary>
    public FakeVaultAuth Auth { get; }

    /// <summary>The K/V engines: <c>kv</c> (version 1) and <c>kv2</c> (version 2) in the root namespace, and any mounted later.</summary>
    public FakeVaultKv Kv { get; }

    /// <summary>The Transit engine mounted at <c>transit</c>.</summary>
    public FakeVaultTransit Transit { get; } = new();

    /// <summary>The fault switches.</summary>
    public VaultFaults Faults { get; } = new();

    /// <summary>Every request answered, in order.</summary>
    public IReadOnlyList<VaultCall> Calls => [.. _calls];

    /// <summary>Starts on a free port; with a server certificate it speaks TLS, and with a client certificate it requires exactly that one.</summary>
    public static async Task<FakeVault> StartAsync(X509Certificate2? serverCertificate = null, X509Certificate2? clientCertificate = null)
    {
        var vault = new FakeVault(serverCertificate, clientCertificate);
        await vault._host.StartAsync();
        return vault;
    }

    /// <summary>Mounts Transit at <paramref name="mount"/> in namespace <paramref name="ns"/>.</summary>
    public void MountTransit(string mount, string ns = "") => _transitMounts[ns + "\n" + mount] = true;

    /// <summary>Tokens lack the capability for every path starting with <paramref name="pathPrefix"/> (below <c>/v1/</c>).</summary>
    public void DenyPath(string pathPrefix) => _denied[pathPrefix] = true;

    /// <summary>The calls whose path starts with <paramref name="pathPrefix"/>.</summary>
    public IReadOnlyList<VaultCall> CallsTo(string pathPrefix) => [.. _calls.Where(call => call.Path.StartsWith(pathPrefix, StringComparison.Ordinal))];

    /// <summary>Forgets the calls recorded so far.</summary>
    public void ClearCalls() => _calls.Clear();

    /// <summary>Stops listening: connections are refused until <see cref="ComeBackAsync"/>.</summary>
    public Task GoDownAsync() => _host.GoDownAsync();

    /// <summary>Listens again on the same port with the same data.</summary>
    public Task ComeBackAsync() => _host.ComeBackAsync();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static JsonObject Health(bool initialized, bool sealedState, bool standby) => new()
    {
        ["initialized"] = initialized,
        ["sealed"] = sealedState,
        ["standby"] = standby,
        ["performance_standby"] = false,
        ["replication_performance_mode"] = "disabled",
        ["replication_dr_mode"] = "disabled",
        ["server_time_utc"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["version"] = "2.1.1",
        ["cluster_name"] = "kes-test",
        ["cluster_id"] = "00000000-0000-0000-0000-000000000000",
    };

    private void Tls(ListenOptions listen)
    {
        if (_serverCertificate is not null)
        {
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = _serverCertificate,
                ClientCertificateMode = _clientCertificate is null ? ClientCertificateMode.NoCertificate : ClientCertificateMode.RequireCertificate,
                ClientCertificateValidation = (certificate, _, _) => certificate.Thumbprint == _clientCertificate?.Thumbprint,
            });
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value is { } p && p.StartsWith("/v1/", StringComparison.Ordinal) ? p["/v1/".Length..] : string.Empty;
        var ns = request.Headers["X-Vault-Namespace"].ToString().Trim('/');
        var token = request.Headers["X-Vault-Token"].ToString() is { Length: > 0 } t ? t : null;
        JsonObject? body = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                body = await JsonNode.ParseAsync(request.Body, cancellationToken: context.RequestAborted) as JsonObject;
            }
            catch (JsonException)
            {
                await WriteAsync(context, VaultReply.Errors(400, "failed to parse JSON input"));
                return;
            }
        }

        if (!await LoopbackEndpoint.StallAsync(Faults.Delay, context))
        {
            return;
        }

        var query = request.Query.ToDictionary(pair => pair.Key, pair => pair.Value.ToString(), StringComparer.Ordinal);
        var reply = Answer(request.Method, path, ns, token, query, body);
        _calls.Enqueue(new VaultCall(request.Method, path + request.QueryString.Value, ns, token is not null, reply.Status));
        await WriteAsync(context, reply);
    }

    private static async Task WriteAsync(HttpContext context, VaultReply reply)
    {
        context.Response.StatusCode = reply.Status;
        if (reply.Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(reply.Body.ToJsonString());
        }
    }

    private VaultReply Answer(string method, string path, string ns, string? token, Dictionary<string, string> query, JsonObject? body)
    {
        if (path == HealthPath && method is "GET" or "HEAD")
        {
            return Faults switch
            {
                { Uninitialized: true } => new VaultReply(501, Health(false, true, false)),
                { Sealed: true } => new VaultReply(503, Health(true, true, true)),
                { Standby: true } => new VaultReply(429, Health(true, false, true)),
                _ => new VaultReply(200, Health(true, false, false)),
            };
        }

        if (Faults.Sealed)
        {
            return VaultReply.Errors(503, "Vault is sealed");
        }

        if (Faults.TakeFailure())
        {
            return VaultReply.Errors(500, "1 error occurred:\n\t* internal error (fault switch)\n\n");
        }

        var segments = path.Split('/', 3);
        if (segments is ["auth", "token", "renew-self"] && method is "POST" or "PUT")
        {
            return Auth.RenewSelf(token);
        }

        if (segments is ["auth", "token", "lookup-self"] && method == "GET")
        {
            return Auth.LookupSelf(token);
        }

        if (segments is ["auth", var mount, "login"] && method is "POST" or "PUT")
        {
            return Auth.Login(mount, ns, body ?? []);
        }

        if (!Auth.IsValid(token))
        {
            return VaultReply.PermissionDenied;
        }

        if (_denied.Keys.Any(denied => path.StartsWith(denied, StringComparison.Ordinal)))
        {
            return VaultReply.MissingCapability;
        }

        var first = path.Split('/', 2);
        var rest = first.Length > 1 ? first[1] : string.Empty;
        if (Kv.VersionOf(ns, first[0]) > 0)
        {
            return Kv.Handle(method, ns, first[0], rest, query, body);
        }

        if (_transitMounts.ContainsKey(ns + "\n" + first[0]))
        {
            return Transit.Handle(method, rest, body);
        }

        return VaultReply.Errors(404, $"no handler for route \"{path}\". route entry not found.");
    }
}
