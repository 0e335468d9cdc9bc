namespace Kes.Client;

/// <summary>The server build (<c>GET /version</c>).</summary>
public sealed record ServerVersion(string Version, string Commit);
