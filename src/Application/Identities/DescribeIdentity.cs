using Kes.Application.Pipeline;
using Kes.Application.Requests;
using Kes.Application.Status;
using Kes.Domain.Errors;
using Kes.Domain.Identities;
using Kes.Domain.Keys;
using Kes.Domain.Policies;
using Mediator;

namespace Kes.Application.Identities;

/// <summary><c>GET /v1/identity/describe/&lt;identity&gt;</c>: whether an identity is the admin or which policy it has.</summary>
public sealed record DescribeIdentity(RequestContext Context, string Identity) : IQuery<IdentityDescription>, IMeteredRequest
{
    /// <inheritdoc />
    public KesError FailureError => KesError.IdentityNotFound;
}

/// <summary>An identity's standing: admin, or its policy (null for the admin).</summary>
public sealed record IdentityDescription(Identity Identity, bool IsAdmin, Policy? Policy, KesTimestamp CreatedAt, Identity CreatedBy);

/// <summary>Checks the identity string.</summary>
public sealed class DescribeIdentityValidator : KesValidator<DescribeIdentity>
{
    public DescribeIdentityValidator() => Identity(r => r.Identity);
}

/// <summary>Looks the identity up in the active set.</summary>
public sealed class DescribeIdentityHandler(ServerClock clock) : IQueryHandler<DescribeIdentity, IdentityDescription>
{
    /// <inheritdoc />
    public ValueTask<IdentityDescription> Handle(DescribeIdentity query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new(Describe(query.Context.State.Policies, new Identity(query.Identity), clock));
    }

    /// <summary>The description of <paramref name="identity"/>, or 404 when it is neither admin nor assigned.</summary>
    internal static IdentityDescription Describe(PolicySet set, Identity identity, ServerClock clock)
    {
        var started = KesTimestamp.FromDateTime(clock.StartedAt.UtcDateTime);
        if (!identity.IsEmpty && set.IsAdmin(identity))
        {
            return new IdentityDescription(identity, true, null, started, Identity.Empty);
        }

        if (!identity.IsEmpty && set.TryGetPolicyOf(identity, out var policy))
        {
            return new IdentityDescription(identity, false, policy, started, set.Admin);
        }

        throw new KesException(KesError.IdentityNotFound);
    }
}
