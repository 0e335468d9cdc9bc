namespace Kes.Client;

/// <summary>An identity's standing (<c>GET /v1/identity/describe/&lt;id&gt;</c>): admin, or the name of its policy.</summary>
public sealed record IdentityInfo(string Identity, bool IsAdmin, string Policy, DateTimeOffset CreatedAt, string CreatedBy);
