using Kes.Application.Requests;
using Kes.Application.Status;
using Kes.Domain.Errors;
using Mediator;

namespace Kes.Application.Identities;

/// <summary><c>GET /v1/identity/self/describe</c> (identify only): the caller's own standing, in the flat shape of docs/COMPATIBILITY.md D3 for non-admins.</summary>
public sealed record DescribeSelf(RequestContext Context) : IQuery<IdentityDescription>, IMeteredRequest
{
    /// <inheritdoc />
    public KesError FailureError => KesError.IdentityNotFound;
}

/// <summary>Describes the caller's identity; callers without a certificate or a policy get 404.</summary>
public sealed class DescribeSelfHandler(ServerClock clock) : IQueryHandler<DescribeSelf, IdentityDescription>
{
    /// <inheritdoc />
    public ValueTask<IdentityDescription> Handle(DescribeSelf query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new(DescribeIdentityHandler.Describe(query.Context.State.Policies, query.Context.Identity, clock));
    }
}
