using Kes.Application.Pipeline;
using Kes.Application.Requests;
using Kes.Domain.Errors;
using Kes.Domain.Policies;
using Mediator;

namespace Kes.Application.Policies;

/// <summary><c>GET /v1/policy/describe/&lt;name&gt;</c> and <c>GET /v1/policy/read/&lt;name&gt;</c>: a policy by name (the HTTP layer picks the fields).</summary>
public sealed record DescribePolicy(RequestContext Context, string Name) : IQuery<Policy>, IMeteredRequest
{
    /// <inheritdoc />
    public KesError FailureError => KesError.PolicyNotFound;
}

/// <summary>Checks the policy name.</summary>
public sealed class DescribePolicyValidator : KesValidator<DescribePolicy>
{
    public DescribePolicyValidator() => PolicyName(r => r.Name);
}

/// <summary>Looks the policy up in the active set.</summary>
public sealed class DescribePolicyHandler : IQueryHandler<DescribePolicy, Policy>
{
    /// <inheritdoc />
    public ValueTask<Policy> Handle(DescribePolicy query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.Context.State.Policies.TryGetPolicy(query.Name, out var policy)
            ? new(policy)
            : throw new KesException(KesError.PolicyNotFound);
    }
}
