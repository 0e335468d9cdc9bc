namespace Kes.Client;

/// <summary>A policy with its rules (<c>GET /v1/policy/read/&lt;name&gt;</c>): the allow and deny path patterns, sorted.</summary>
public sealed record PolicyDocument(string Name, IReadOnlyList<string> Allow, IReadOnlyList<string> Deny, DateTimeOffset CreatedAt, string CreatedBy);
