using System.Net;
using System.Text.Json;
using Kes.Domain.Keys;
using Kes.Domain.Policies;
using Kes.Credentials.Certificates;
using Kes.Credentials.Keys;

namespace Kes.IntegrationTests.Server;

/// <summary>Every route × every kind of caller (docs/api.md §6): the admin, a policy member, a member whose deny rules cover everything, an identity without policy, and an Ed25519 API-key certificate (through curl).</summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.MatrixServer matrix) : IClassFixture<AuthorizationMatrixTests.MatrixServer>
{
    private const string Forbidden = "{\"message\":\"not authorized: insufficient permissions\"\n}";

    /// <summary>The callers of the matrix.</summary>
    public enum Caller
    {
        Admin,
        Allowed,
        DenyRule,
        NoPolicy,
        ApiKey,
    }

    /// <summary>One request per route; <c>{c}</c> becomes the caller's name, so mutating routes never collide.</summary>
    private static readonly Dictionary<string, (string Method, string Path, string? Body)> Requests = new()
    {
        ["version"] = ("GET", "/version", null),
        ["ready"] = ("GET", "/v1/ready", null),
        ["status"] = ("GET", "/v1/status", null),
        ["metrics"] = ("GET", "/v1/metrics", null),
        ["api"] = ("GET", "/v1/api", null),
        ["create"] = ("POST", "/v1/key/create/new-{c}", null),
        ["import"] = ("POST", "/v1/key/import/imp-{c}", "{\"key\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\",\"cipher\":\"AES256\"}"),
        ["describe"] = ("GET", "/v1/key/describe/matrix-key", null),
        ["list"] = ("GET", "/v1/key/list/matrix*", null),
        ["delete"] = ("DELETE", "/v1/key/delete/del-{c}", null),
        ["generate"] = ("POST", "/v1/key/generate/matrix-key", "{}"),
        ["encrypt"] = ("POST", "/v1/key/encrypt/matrix-key", "{\"plaintext\":\"YWJj\"}"),
        ["decrypt"] = ("POST", "/v1/key/decrypt/matrix-key", "{\"ciphertext\":\"{matrix}\"}"),
        ["hmac"] = ("PUT", "/v1/key/hmac/matrix-key", "{\"message\":\"YWJj\"}"),
        ["bulk-decrypt"] = ("POST", "/v1/key/bulk/decrypt/matrix-key", "[{\"ciphertext\":\"{matrix}\"}]"),
        ["policy-describe"] = ("GET", "/v1/policy/describe/app", null),
        ["policy-read"] = ("GET", "/v1/policy/read/app", null),
        ["policy-list"] = ("GET", "/v1/policy/list/*", null),
        ["identity-describe"] = ("GET", "/v1/identity/describe/{admin}", null),
        ["identity-list"] = ("GET", "/v1/identity/list/*", null),
        ["self-describe"] = ("GET", "/v1/identity/self/describe", null),
        ["log-error"] = ("GET", "/v1/log/error", null),
        ["log-audit"] = ("GET", "/v1/log/audit", null),
        ["generate-secret"] = ("POST", "/v1/key/generate/secret-key", "{}"),
        ["decrypt-secret"] = ("POST", "/v1/key/decrypt/secret-key", "{\"ciphertext\":\"{secret}\"}"),
    };

    public static TheoryData<string, Caller> Cases
    {
        get
        {
            var cases = new TheoryData<string, Caller>();
            foreach (var route in Requests.Keys)
            {
                foreach (var caller in Enum.GetValues<Caller>())
                {
                    cases.Add(route, caller);
                }
            }

            return cases;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_caller_gets_what_its_standing_allows(string route, Caller caller)
    {
        var (status, body) = await matrix.SendAsync(caller, route);
        var expected = Expected(route, caller);
        Assert.True(expected == status, $"{route} as {caller}: expected {expected}, got {status} {body}");
        if (expected == 403)
        {
            Assert.Equal(Forbidden, body);
        }
    }

    [Fact]
    public async Task An_ed25519_api_key_certificate_is_identified_by_its_public_key()
    {
        var (status, body) = await matrix.SendAsync(Caller.ApiKey, "self-describe");
        Assert.Equal(200, status);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(matrix.ApiKeyIdentity, json.RootElement.GetProperty("identity").GetString());
        Assert.Equal("app", json.RootElement.GetProperty("policy").GetString());
    }

    [Fact]
    public async Task Keys_created_with_an_api_key_name_it_as_creator()
    {
        var (status, _) = await matrix.SendAsync(Caller.ApiKey, "create", "by-api-key");
        Assert.Equal(200, status);
        var json = await Reply.JsonAsync(await matrix.Server.Admin().GetAsync("/v1/key/describe/new-by-api-key"));
        Assert.Equal(matrix.ApiKeyIdentity, json.GetProperty("created_by").GetString());
    }

    private static int Expected(string route, Caller caller) => (route, caller) switch
    {
        ("version", _) => 200,
        ("self-describe", Caller.NoPolicy) => 404,
        ("self-describe", _) => 200,
        (_, Caller.Admin) => 200,
        ("generate-secret" or "decrypt-secret", _) => 403,
        (_, Caller.Allowed or Caller.ApiKey) => 200,
        _ => 403,
    };

    /// <summary>The matrix server: <c>app</c> (everything but two deny rules) for the allowed identity and the API key, <c>fenced</c> (allow <c>*</c>, deny <c>/v1/*</c>) for the deny-rule identity.</summary>
    public sealed class MatrixServer : IAsyncLifetime
    {
        private readonly TestIdentities _identities = TestIdentities.Create();
        private readonly ApiKey _apiKey = ApiKey.Generate();
        private readonly Dictionary<string, string> _values = [];
        private GeneratedCertificate _apiKeyCertificate = null!;
        private CurlClient _curl = null!;

        /// <summary>The running server.</summary>
        public KesTestServer Server { get; private set; } = null!;

        /// <summary>The API key's identity.</summary>
        public string ApiKeyIdentity => _apiKey.Identity.Value;

        /// <inheritdoc />
        public async Task InitializeAsync()
        {
            _apiKeyCertificate = _apiKey.CreateCertificate();
            var admin = _identities.AdminIdentity;
            var started = KesTimestamp.Now;
            string[] everything = ["/v1/key/*", "/v1/policy/*", "/v1/identity/*", "/v1/status", "/v1/ready", "/v1/metrics", "/v1/api", "/v1/log/*"];
            var policies = PolicySet.Create(admin,
            [
                new PolicyAssignment(new Policy("app", everything, ["/v1/key/generate/secret*", "/v1/key/decrypt/secret*"], started, admin), [_identities.AllowedIdentity, _apiKey.Identity]),
                new PolicyAssignment(new Policy("fenced", ["*"], ["/v1/*"], started, admin), [_identities.DeniedIdentity]),
            ]);
            Server = await KesTestServer.StartAsync(s => s with { Policies = policies }, identities: _identities);
            _curl = CurlClient.Create(Server, _apiKeyCertificate);

            var client = Server.Admin();
            foreach (var name in Enum.GetNames<Caller>().Select(c => "del-" + c.ToLowerInvariant()).Append("matrix-key").Append("secret-key"))
            {
                await Reply.EmptyAsync(await client.PostAsync("/v1/key/create/" + name, null));
            }

            _values["{matrix}"] = (await Reply.JsonAsync(await client.SendAsync("POST", "/v1/key/encrypt/matrix-key", "{}"))).GetProperty("ciphertext").GetString()!;
            _values["{secret}"] = (await Reply.JsonAsync(await client.SendAsync("POST", "/v1/key/encrypt/secret-key", "{}"))).GetProperty("ciphertext").GetString()!;
            _values["{admin}"] = admin.Value;
        }

        /// <summary>Sends the matrix request of <paramref name="route"/> as <paramref name="caller"/>; returns the status and the body (the headers only for streams).</summary>
        public async Task<(int Status, string Body)> SendAsync(Caller caller, string route, string? callerName = null)
        {
            var (method, path, body) = Requests[route];
            path = Fill(path.Replace("{c}", callerName ?? caller.ToString().ToLowerInvariant(), StringComparison.Ordinal));
            body = body is null ? null : Fill(body);
            var streaming = route.StartsWith("log-", StringComparison.Ordinal);
            if (caller == Caller.ApiKey)
            {
                var response = await _curl.SendAsync(method, path, body, streaming ? 0.5 : 10);
                Assert.True(response.Status != 0, response.ToString());
                return (response.Status, response.Body);
            }

            var certificate = caller switch
            {
                Caller.Admin => _identities.Admin,
                Caller.Allowed => _identities.Allowed,
                Caller.DenyRule => _identities.Denied,
                _ => _identities.Unknown,
            };
            var client = Server.Client(certificate);
            using var request = client.NewRequest(method, path, body is null ? null : KesHttp.Json(body));
            using var reply = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            if (streaming && reply.StatusCode == HttpStatusCode.OK)
            {
                return (200, string.Empty);
            }

            return ((int)reply.StatusCode, await reply.Content.ReadAsStringAsync());
        }

        /// <inheritdoc />
        public async Task DisposeAsync()
        {
            _curl.Dispose();
            _apiKeyCertificate.Dispose();
            _apiKey.Dispose();
            await Server.DisposeAsync();
        }

        private string Fill(string text)
        {
            foreach (var (placeholder, value) in _values)
            {
                text = text.Replace(placeholder, value, StringComparison.Ordinal);
            }

            return text;
        }
    }
}
