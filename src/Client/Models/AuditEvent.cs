using System.Net;

namespace Kes.Client;

/// <summary>One record of the audit log stream (docs/api.md §10).</summary>
public sealed record AuditEvent(DateTimeOffset Time, string Path, IPAddress? ClientIP, string Identity, int StatusCode, TimeSpan ResponseTime);
