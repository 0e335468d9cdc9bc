using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Kes.IntegrationTests.Vault.VaultEndpoint;

/// <summary>The fake Vault's tokens and its two login methods, AppRole and Kubernetes.</summary>
/// <remarks>
/// Follows the observed OpenBao 2.1.1 answers (docs/COMPATIBILITY.md): a login answers 200 with an <c>auth</c>
/// object whose <c>lease_duration</c> is the role's token TTL; a wrong AppRole secret answers 400
/// <c>invalid role or secret ID</c>; <c>renew-self</c> resets the lease to the token TTL (capped by the
/// max TTL, as Vault's token documentation says); an unknown or expired token answers 403
/// <c>permission denied</c>. Kubernetes login follows Vault's Kubernetes auth API document
/// (<c>POST /auth/kubernetes/login</c> with <c>role</c> and <c>jwt</c>, the same <c>auth</c> reply); the
/// JWT is compared with the one the test says the cluster currently issues, in place of a TokenReview.
/// </remarks>
public sealed class FakeVaultAuth(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Role> _appRoles = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Role> _kubernetesRoles = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Token> _tokens = new(StringComparer.Ordinal);
    private int _logins;
    private int _renewals;

    /// <summary>How many logins succeeded.</summary>
    public int Logins => Volatile.Read(ref _logins);

    /// <summary>How many renewals succeeded.</summary>
    public int Renewals => Volatile.Read(ref _renewals);

    /// <summary>Every token issued so far, to check that none leaks into a message.</summary>
    public IReadOnlyCollection<string> IssuedTokens => [.. _tokens.Keys];

    /// <summary>The namespaces logins were made in, in order.</summary>
    public ConcurrentQueue<string> LoginNamespaces { get; } = new();

    /// <summary>Adds an AppRole; its tokens live <paramref name="ttl"/>, renewable up to <paramref name="maxTtl"/>.</summary>
    public void AddAppRole(string roleId, string secretId, TimeSpan ttl, TimeSpan maxTtl, string mount = "approle") =>
        _appRoles[mount + "\n" + roleId] = new Role(roleId, secretId, ttl, maxTtl);

    /// <summary>Adds a Kubernetes role that accepts <paramref name="jwt"/>; <see cref="RotateJwt"/> changes which JWT it accepts.</summary>
    public void AddKubernetesRole(string role, string jwt, TimeSpan ttl, TimeSpan maxTtl, string mount = "kubernetes") =>
        _kubernetesRoles[mount + "\n" + role] = new Role(role, jwt, ttl, maxTtl);

    /// <summary>The cluster rotated the service account token: only <paramref name="jwt"/> logs in from now on.</summary>
    public void RotateJwt(string role, string jwt, string mount = "kubernetes")
    {
        var key = mount + "\n" + role;
        _kubernetesRoles[key] = _kubernetesRoles[key] with { Secret = jwt };
    }

    /// <summary>Issues a token without a login, e.g. the root token of a dev server; it never expires.</summary>
    public string IssueRootToken()
    {
        var token = NewToken();
        _tokens[token] = new Token(DateTimeOffset.MaxValue, DateTimeOffset.MaxValue, TimeSpan.Zero);
        return token;
    }

    /// <summary>Every token issued so far expires now.</summary>
    public void ExpireAllTokens()
    {
        var now = time.GetUtcNow();
        foreach (var (key, token) in _tokens)
        {
            _tokens[key] = token with { Expires = now, MaxExpires = now };
        }
    }

    /// <summary>Whether <paramref name="token"/> is known and not expired.</summary>
    public bool IsValid(string? token) => token is not null && _tokens.TryGetValue(token, out var t) && t.Expires > time.GetUtcNow();

    /// <summary><c>POST auth/&lt;mount&gt;/login</c> for an AppRole or Kubernetes mount.</summary>
    public VaultReply Login(string mount, string ns, JsonObject body)
    {
        if (_appRoles.TryGetValue(mount + "\n" + (string?)body["role_id"], out var appRole))
        {
            return appRole.Secret == (string?)body["secret_id"] ? Grant(appRole, ns) : VaultReply.Errors(400, "invalid role or secret ID");
        }

        if (body["role_id"] is not null)
        {
            return VaultReply.Errors(400, "invalid role or secret ID");
        }

        if (!_kubernetesRoles.TryGetValue(mount + "\n" + (string?)body["role"], out var role))
        {
            return VaultReply.Errors(400, $"invalid role name \"{(string?)body["role"]}\"");
        }

        return role.Secret == (string?)body["jwt"] ? Grant(role, ns) : VaultReply.PermissionDenied;
    }

    /// <summary><c>POST auth/token/renew-self</c>.</summary>
    public VaultReply RenewSelf(string? token)
    {
        if (token is null || !_tokens.TryGetValue(token, out var t) || t.Expires <= time.GetUtcNow())
        {
            return VaultReply.PermissionDenied;
        }

        var now = time.GetUtcNow();
        var expires = Min(now + t.Ttl, t.MaxExpires);
        _tokens[token] = t with { Expires = expires };
        Interlocked.Increment(ref _renewals);
        return VaultReply.Ok(null, Auth(token, expires - now, "renewed"), 0);
    }

    /// <summary><c>GET auth/token/lookup-self</c>.</summary>
    public VaultReply LookupSelf(string? token)
    {
        if (token is null || !_tokens.TryGetValue(token, out var t) || t.Expires <= time.GetUtcNow())
        {
            return VaultReply.PermissionDenied;
        }

        var ttl = t.Expires == DateTimeOffset.MaxValue ? 0 : (long)(t.Expires - time.GetUtcNow()).TotalSeconds;
        return VaultReply.Ok(new JsonObject
        {
            ["ttl"] = ttl,
            ["creation_ttl"] = (long)t.Ttl.TotalSeconds,
            ["expire_time"] = t.Expires == DateTimeOffset.MaxValue ? null : t.Expires.ToString("O"),
        });
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static string NewToken() => "hvs." + RandomNumberGenerator.GetHexString(24, lowercase: true);

    private static JsonObject Auth(string token, TimeSpan lease, string roleName) => new()
    {
        ["client_token"] = token,
        ["accessor"] = RandomNumberGenerator.GetHexString(24, lowercase: true),
        ["policies"] = new JsonArray("default", "kes"),
        ["token_policies"] = new JsonArray("default", "kes"),
        ["metadata"] = new JsonObject { ["role_name"] = roleName },
        ["lease_duration"] = (long)Math.Ceiling(lease.TotalSeconds),
        ["renewable"] = true,
        ["entity_id"] = "",
        ["token_type"] = "service",
        ["orphan"] = true,
    };

    private VaultReply Grant(Role role, string ns)
    {
        var token = NewToken();
        var now = time.GetUtcNow();
        _tokens[token] = new Token(now + role.Ttl, now + role.MaxTtl, role.Ttl);
        Interlocked.Increment(ref _logins);
        LoginNamespaces.Enqueue(ns);
        return VaultReply.Ok(null, Auth(token, role.Ttl, role.Name), 0);
    }

    private sealed record Role(string Name, string Secret, TimeSpan Ttl, TimeSpan MaxTtl);

    private sealed record Token(DateTimeOffset Expires, DateTimeOffset MaxExpires, TimeSpan Ttl);
}
