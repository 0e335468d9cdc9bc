using Kes.Application.Pipeline;
using Kes.Application.Policies;
using Kes.Application.Requests;
using Kes.Domain.Errors;
using Mediator;

namespace Kes.Application.Identities;

/// <summary><c>GET /v1/identity/list/&lt;pattern&gt;</c>: identities by prefix; the admin is always among them when it matches.</summary>
public sealed record ListIdentities(RequestContext Context, string Pattern) : IQuery<IReadOnlyList<string>>, IMeteredRequest
{
    /// <inheritdoc />
    public KesError FailureError => KesError.IdentityNotFound;
}

/// <summary>Checks the pattern.</summary>
public sealed class ListIdentitiesValidator : KesValidator<ListIdentities>
{
    public ListIdentitiesValidator() => Pattern(r => r.Pattern);
}

/// <summary>Filters the admin and the assigned identities.</summary>
public sealed class ListIdentitiesHandler : IQueryHandler<ListIdentities, IReadOnlyList<string>>
{
    /// <inheritdoc />
    public ValueTask<IReadOnlyList<string>> Handle(ListIdentities query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var set = query.Context.State.Policies;
        var names = new List<string>(set.AssignedIdentities.Count + 1) { set.Admin.Value };
        foreach (var identity in set.AssignedIdentities)
        {
            names.Add(identity.Value);
        }

        return new(PatternPrefix.Filter(names, query.Pattern));
    }
}
