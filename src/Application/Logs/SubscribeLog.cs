using Kes.Application.Requests;
using Kes.Domain.Errors;
using Mediator;

namespace Kes.Application.Logs;

/// <summary><c>GET /v1/log/error</c> and <c>GET /v1/log/audit</c>: after authorization, the stream to follow.</summary>
public sealed record SubscribeLog(RequestContext Context, bool Audit) : IQuery<LogBroadcast>, IKesRequest
{
    /// <inheritdoc />
    public KesError FailureError => KesError.VersionUnavailable;
}

/// <summary>Picks the error or the audit stream.</summary>
public sealed class SubscribeLogHandler(ErrorLog errors, AuditLog audit) : IQueryHandler<SubscribeLog, LogBroadcast>
{
    /// <inheritdoc />
    public ValueTask<LogBroadcast> Handle(SubscribeLog query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new(query.Audit ? audit.Stream : errors.Stream);
    }
}
