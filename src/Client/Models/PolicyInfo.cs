namespace Kes.Client;

/// <summary>A policy's description (<c>GET /v1/policy/describe/&lt;name&gt;</c>).</summary>
public sealed record PolicyInfo(string Name, DateTimeOffset CreatedAt, string CreatedBy);
