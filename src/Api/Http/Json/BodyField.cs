namespace Kes.Api.Http.Json;

/// <summary>A field a request body may carry: its JSON name and whether it holds base64 bytes (Go <c>[]byte</c>) or a string.</summary>
public readonly record struct BodyField(string Name, bool IsBytes);
