namespace Kes.Bench.Load;

/// <summary>The one request a run sends over and over.</summary>
public sealed record PreparedRequest(HttpMethod Method, string Path, string? Body);
