using Kes.Domain.Keys;
using Kes.Domain.Policies;

namespace Kes.IntegrationTests.Server;

/// <summary>Bulk decrypt of a key is allowed only where decrypt of that key is (docs/COMPATIBILITY.md D10): a deny rule written for the single route holds for the bulk route too.</summary>
public sealed class BulkDecryptPolicyTests : IAsyncLifetime
{
    private const string NotAuthorized = "not authorized: insufficient permissions";
    private readonly TestIdentities _identities = TestIdentities.Create();
    private KesTestServer _server = null!;
    private string _secretCiphertext = null!;
    private string _publicCiphertext = null!;

    public async Task InitializeAsync()
    {
        var admin = _identities.AdminIdentity;
        var now = KesTimestamp.Now;
        var policies = PolicySet.Create(admin,
        [
            new PolicyAssignment(new Policy("keys-but-secret", ["/v1/key/*"], ["/v1/key/decrypt/secret*"], now, admin), [_identities.AllowedIdentity]),
            new PolicyAssignment(new Policy("bulk-only", ["/v1/key/bulk/decrypt/*"], [], now, admin), [_identities.DeniedIdentity]),
        ]);
        _server = await KesTestServer.StartAsync(s => s with { Policies = policies }, identities: _identities);
        var client = _server.Admin();
        await Reply.EmptyAsync(await client.PostAsync("/v1/key/create/secret", null));
        await Reply.EmptyAsync(await client.PostAsync("/v1/key/create/public", null));
        _secretCiphertext = await EncryptAsync(client, "secret");
        _publicCiphertext = await EncryptAsync(client, "public");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_deny_rule_on_decrypt_of_a_key_also_refuses_its_bulk_decrypt()
    {
        var client = _server.Client(_identities.Allowed);
        await Reply.ErrorAsync(await client.SendAsync("POST", "/v1/key/decrypt/secret", $"{{\"ciphertext\":\"{_secretCiphertext}\"}}"), 403, NotAuthorized);
        await Reply.ErrorAsync(await client.SendAsync("POST", "/v1/key/bulk/decrypt/secret", $"[{{\"ciphertext\":\"{_secretCiphertext}\"}}]"), 403, NotAuthorized);
        await Reply.ErrorAsync(await client.SendAsync("PUT", "/v1/key/bulk/decrypt/secret", $"[{{\"ciphertext\":\"{_secretCiphertext}\"}}]"), 403, NotAuthorized);
    }

    [Fact]
    public async Task The_same_policy_still_opens_another_keys_ciphertexts_in_bulk()
    {
        var client = _server.Client(_identities.Allowed);
        Assert.Equal("[{\"plaintext\":\"YWJj\"}]\n", await Reply.JsonTextAsync(await client.SendAsync("POST", "/v1/key/bulk/decrypt/public", $"[{{\"ciphertext\":\"{_publicCiphertext}\"}}]")));
    }

    [Fact]
    public async Task Allowing_bulk_decrypt_without_decrypt_allows_nothing()
    {
        var client = _server.Client(_identities.Denied);
        await Reply.ErrorAsync(await client.SendAsync("POST", "/v1/key/bulk/decrypt/public", $"[{{\"ciphertext\":\"{_publicCiphertext}\"}}]"), 403, NotAuthorized);
        await Reply.ErrorAsync(await client.SendAsync("POST", "/v1/key/bulk/decrypt/secret", $"[{{\"ciphertext\":\"{_secretCiphertext}\"}}]"), 403, NotAuthorized);
    }

    private static async Task<string> EncryptAsync(HttpClient client, string key) =>
        (await Reply.JsonAsync(await client.SendAsync("POST", "/v1/key/encrypt/" + key, "{\"plaintext\":\"YWJj\"}"))).GetProperty("ciphertext").GetString()!;
}
