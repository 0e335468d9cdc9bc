using Kes.Application.Pipeline;
using Kes.Application.Requests;
using Kes.Domain.Errors;
using Mediator;

namespace Kes.Application.Policies;

/// <summary><c>GET /v1/policy/list/&lt;pattern&gt;</c>: policy names by prefix.</summary>
public sealed record ListPolicies(RequestContext Context, string Pattern) : IQuery<IReadOnlyList<string>>, IMeteredRequest
{
    /// <inheritdoc />
    public KesError FailureError => KesError.PolicyNotFound;
}

/// <summary>Checks the pattern.</summary>
public sealed class ListPoliciesValidator : KesValidator<ListPolicies>
{
    public ListPoliciesValidator() => Pattern(r => r.Pattern);
}

/// <summary>Filters the active set's names.</summary>
public sealed class ListPoliciesHandler : IQueryHandler<ListPolicies, IReadOnlyList<string>>
{
    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string>> Handle(ListPolicies query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new(PatternPrefix.Filter(query.Context.State.Policies.PolicyNames, query.Pattern));
    }
}
