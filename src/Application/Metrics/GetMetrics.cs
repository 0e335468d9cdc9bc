using Kes.Application.Requests;
using Kes.Domain.Errors;
using Mediator;

namespace Kes.Application.Metrics;

/// <summary><c>GET /v1/metrics</c>: the counters; the HTTP layer renders them as Prometheus text.</summary>
public sealed record GetMetrics(RequestContext Context) : IQuery<KesMetrics>, IKesRequest
{
    /// <inheritdoc />
    public KesError FailureError => KesError.VersionUnavailable;
}

/// <summary>Answers the live counters.</summary>
public sealed class GetMetricsHandler(KesMetrics metrics) : IQueryHandler<GetMetrics, KesMetrics>
{
    /// <inheritdoc />
    public ValueTask<KesMetrics> Handle(GetMetrics query, CancellationToken cancellationToken) => new(metrics);
}
