namespace Kes.Bench.Fuzz;

/// <summary>A route of the KES API as the generator knows it: its method, its path (a prefix when it takes a name) and the body it expects.</summary>
/// <param name="Method">The method upstream documents.</param>
/// <param name="Path">The exact path, or the prefix a name is appended to.</param>
/// <param name="TakesName">Whether a key, policy or identity name (or a list prefix) follows the path.</param>
/// <param name="Body">The JSON fields the route reads, as <c>name:kind</c> pairs; empty when it reads none.</param>
/// <param name="Streams">Whether a success is an endless ndjson stream (the log routes).</param>
public sealed record FuzzRoute(string Method, string Path, bool TakesName, string[] Body, bool Streams = false)
{
    /// <summary>Every route of docs/api.md §3, the bulk decrypt route of docs/COMPATIBILITY.md D10 included.</summary>
    public static IReadOnlyList<FuzzRoute> All { get; } =
    [
        new("GET", "/version", false, []),
        new("GET", "/v1/ready", false, []),
        new("GET", "/v1/status", false, []),
        new("GET", "/v1/metrics", false, []),
        new("GET", "/v1/api", false, []),
        new("PUT", "/v1/key/create/", true, []),
        new("PUT", "/v1/key/import/", true, ["key:key", "cipher:cipher"]),
        new("GET", "/v1/key/describe/", true, []),
        new("GET", "/v1/key/list/", true, []),
        new("DELETE", "/v1/key/delete/", true, []),
        new("PUT", "/v1/key/encrypt/", true, ["plaintext:bytes", "context:bytes"]),
        new("PUT", "/v1/key/generate/", true, ["context:bytes"]),
        new("PUT", "/v1/key/decrypt/", true, ["ciphertext:ciphertext", "context:bytes"]),
        new("PUT", "/v1/key/hmac/", true, ["message:bytes"]),
        new("PUT", "/v1/key/bulk/decrypt/", true, ["[ciphertext:ciphertext", "context:bytes"]),
        new("GET", "/v1/policy/describe/", true, []),
        new("GET", "/v1/policy/read/", true, []),
        new("GET", "/v1/policy/list/", true, []),
        new("GET", "/v1/identity/describe/", true, []),
        new("GET", "/v1/identity/list/", true, []),
        new("GET", "/v1/identity/self/describe", false, []),
        new("GET", "/v1/log/error", false, [], Streams: true),
        new("GET", "/v1/log/audit", false, [], Streams: true),
    ];
}
