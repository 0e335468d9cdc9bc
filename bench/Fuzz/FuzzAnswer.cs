namespace Kes.Bench.Fuzz;

/// <summary>What came back for one request: the status, the media type and the body (empty for a stream, which is never read).</summary>
public sealed record FuzzAnswer(int Status, string? ContentType, byte[] Body);
