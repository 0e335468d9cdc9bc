namespace Kes.Application.Status;

/// <summary>One route as <c>/v1/api</c> lists it: method, path, body limit and timeout (with config overrides applied).</summary>
public sealed record ApiRoute(string Method, string Path, long MaxBody, TimeSpan Timeout);
