using Kes.Application.Requests;
using Kes.Domain.Errors;
using Mediator;

namespace Kes.Application.Status;

/// <summary><c>GET /v1/api</c>: the route table.</summary>
public sealed record ListApis(RequestContext Context) : IQuery<IReadOnlyList<ApiRoute>>, IKesRequest
{
    /// <inheritdoc />
    public KesError FailureError => KesError.VersionUnavailable;
}

/// <summary>Answers the catalog.</summary>
public sealed class ListApisHandler : IQueryHandler<ListApis, IReadOnlyList<ApiRoute>>
{
    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ApiRoute>> Handle(ListApis query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new(query.Context.State.Api.Routes);
    }
}
