namespace Kes.Client;

/// <summary>A key's description (<c>GET /v1/key/describe/&lt;name&gt;</c>): name, algorithm (<c>AES256</c> or <c>ChaCha20</c>), creation time and creator identity.</summary>
public sealed record KeyInfo(string Name, string Algorithm, DateTimeOffset CreatedAt, string CreatedBy);
