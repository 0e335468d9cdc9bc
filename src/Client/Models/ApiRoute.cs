namespace Kes.Client;

/// <summary>One route the server serves (<c>GET /v1/api</c>): method, path, body limit and timeout (zero for none).</summary>
public sealed record ApiRoute(string Method, string Path, long MaxBody, TimeSpan Timeout);
