namespace Kes.Client;

/// <summary>The caller's own standing (<c>GET /v1/identity/self/describe</c>): its identity, and for non-admins its policy with the rules (docs/COMPATIBILITY.md D3 flat shape).</summary>
public sealed record SelfDescription(string Identity, bool IsAdmin, PolicyDocument? Policy, DateTimeOffset CreatedAt, string CreatedBy);
