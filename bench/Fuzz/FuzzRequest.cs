namespace Kes.Bench.Fuzz;

/// <summary>One generated request: what is sent, by whom, over which protocol, and whether it goes out as raw HTTP/1.1 bytes.</summary>
/// <param name="Method">The request method, valid or not.</param>
/// <param name="Target">The request target as sent (path and query, or a raw form when <paramref name="Raw"/>).</param>
/// <param name="Headers">Extra headers, beyond what the client adds itself.</param>
/// <param name="Body">The body; null sends none at all (no Content-Length).</param>
/// <param name="Caller">The client certificate presented.</param>
/// <param name="Http2">Whether the request goes over HTTP/2 (never together with <paramref name="Raw"/>).</param>
/// <param name="Raw">Whether the request is written byte for byte on its own TLS connection, so that targets and headers no client library would send reach the server.</param>
public sealed record FuzzRequest(
    string Method,
    string Target,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[]? Body,
    Caller Caller,
    bool Http2,
    bool Raw)
{
    /// <summary>A one-line description for a report: method, target, protocol, caller and body size.</summary>
    public override string ToString()
    {
        var target = Target.Length > 120 ? Target[..120] + "…" : Target;
        var protocol = Raw ? "raw/1.1" : Http2 ? "h2" : "1.1";
        return $"{Method} {target} [{protocol}, {Caller}, body {(Body is null ? "none" : Body.Length + " B")}]";
    }
}
