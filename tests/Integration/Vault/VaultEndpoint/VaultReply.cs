using System.Text.Json.Nodes;

namespace Kes.IntegrationTests.Vault.VaultEndpoint;

/// <summary>One answer of the fake Vault: a status and a JSON body, or no body for 204.</summary>
/// <remarks>The envelope is the one OpenBao 2.1.1 gave (docs/COMPATIBILITY.md, Vault / OpenBao wire facts): every success body carries request_id, lease_id, renewable, lease_duration, data, wrap_info, warnings and auth.</remarks>
public sealed record VaultReply(int Status, JsonObject? Body)
{
    /// <summary>204 without a body (a KV v1 write, any delete).</summary>
    public static VaultReply NoContent { get; } = new(204, null);

    /// <summary>200 with the standard envelope around <paramref name="data"/> and <paramref name="auth"/>.</summary>
    public static VaultReply Ok(JsonNode? data, JsonObject? auth = null, long leaseDuration = 0) => new(200, new JsonObject
    {
        ["request_id"] = Guid.NewGuid().ToString("D"),
        ["lease_id"] = "",
        ["renewable"] = false,
        ["lease_duration"] = leaseDuration,
        ["data"] = data,
        ["wrap_info"] = null,
        ["warnings"] = null,
        ["auth"] = auth,
    });

    /// <summary>An error answer: <c>{"errors":[...]}</c>.</summary>
    public static VaultReply Errors(int status, params string[] errors) =>
        new(status, new JsonObject { ["errors"] = new JsonArray([.. errors.Select(error => (JsonNode)error)]) });

    /// <summary>404 <c>{"errors":[]}</c>: what Vault answers for a KV path that holds nothing.</summary>
    public static VaultReply NotFound => Errors(404);

    /// <summary>403 as Vault answers an unknown or expired token.</summary>
    public static VaultReply PermissionDenied => Errors(403, "permission denied");

    /// <summary>403 as Vault answers a valid token that lacks the capability.</summary>
    public static VaultReply MissingCapability => Errors(403, "1 error occurred:\n\t* permission denied\n\n");
}
