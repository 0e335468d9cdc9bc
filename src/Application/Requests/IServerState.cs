using Kes.Application.Caching;
using Kes.Application.Status;
using Kes.Domain.Policies;

namespace Kes.Application.Requests;

/// <summary>The configuration a request is answered with, read once when it arrives, so that a reload never changes it halfway.</summary>
public interface IServerState
{
    /// <summary>The admin and who may do what.</summary>
    PolicySet Policies { get; }

    /// <summary>The key cache, with the keystore behind it.</summary>
    KeyCache Cache { get; }

    /// <summary>The routes with their configured timeouts, as <c>/v1/api</c> lists them.</summary>
    IApiCatalog Api { get; }

    /// <summary>The error-log level (slog numbering).</summary>
    int ErrorLogLevel { get; }

    /// <summary>The audit-log level (slog numbering).</summary>
    int AuditLogLevel { get; }
}
