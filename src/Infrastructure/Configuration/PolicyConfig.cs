namespace Kes.Infrastructure.Configuration;

/// <summary>A <c>policy.&lt;name&gt;</c> entry: unvalidated allow/deny patterns and the identities assigned to it.</summary>
public sealed record PolicyConfig(IReadOnlyList<string> Allow, IReadOnlyList<string> Deny, IReadOnlyList<string> Identities);
