namespace Kes.Client;

/// <summary>One record of the error log stream: the server's log line (docs/api.md §10).</summary>
public sealed record ErrorEvent(string Message);
