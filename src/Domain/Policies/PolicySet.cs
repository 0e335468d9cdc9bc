using System.Diagnostics.CodeAnalysis;
using Kes.Domain.Identities;
using Kes.Domain.Keys;

namespace Kes.Domain.Policies;

/// <summary>The admin identity, the policies and the identity→policy map: everything that decides whether a request may run (docs/api.md §6.2).</summary>
/// <remarks>
/// Immutable once built, so a config reload swaps in a new set and requests in flight keep the old
/// one. <see cref="Authorize"/> runs on every request and allocates nothing.
/// </remarks>
public sealed class PolicySet
{
    private readonly Dictionary<string, Policy> _policies;
    private readonly Dictionary<Identity, Policy> _identities;
    private readonly string[] _policyNames;
    private readonly Identity[] _assignedIdentities;

    private PolicySet(Identity admin, Dictionary<string, Policy> policies, Dictionary<Identity, Policy> identities)
    {
        Admin = admin;
        _policies = policies;
        _identities = identities;
        _policyNames = [.. policies.Keys];
        Array.Sort(_policyNames, StringComparer.Ordinal);
        _assignedIdentities = [.. identities.Keys];
        Array.Sort(_assignedIdentities, static (a, b) => string.CompareOrdinal(a.Value, b.Value));
    }

    /// <summary>The admin identity; it may do everything and no policy applies to it.</summary>
    public Identity Admin { get; }

    /// <summary>The policy names, sorted.</summary>
    public IReadOnlyList<string> PolicyNames => _policyNames;

    /// <summary>The identities that have a policy, sorted; the admin is not among them.</summary>
    public IReadOnlyList<Identity> AssignedIdentities => _assignedIdentities;

    /// <summary>Builds the set as KES does at startup, checking names in the same order and failing with the same messages.</summary>
    /// <exception cref="ArgumentException">
    /// The admin identity is empty; a policy name or an identity breaks the name rule; a policy name
    /// repeats; or an identity is assigned twice (<c>kes: cannot assign policy '…' to '…': identity already has a policy</c>).
    /// </exception>
    public static PolicySet Create(Identity admin, IEnumerable<PolicyAssignment> assignments)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        if (admin.IsEmpty)
        {
            throw new ArgumentException("the admin identity is empty", nameof(admin));
        }

        var policies = new Dictionary<string, Policy>(StringComparer.Ordinal);
        var identities = new Dictionary<Identity, Policy>();
        foreach (var (policy, members) in assignments)
        {
            if (!NameRule.IsValidName(policy.Name))
            {
                throw new ArgumentException($"kes: policy name '{policy.Name}' is empty, too long or contains invalid characters");
            }

            if (!policies.TryAdd(policy.Name, policy))
            {
                throw new ArgumentException($"kes: policy '{policy.Name}' is defined more than once");
            }

            foreach (var identity in members)
            {
                if (!Identity.IsValid(identity.Value))
                {
                    throw new ArgumentException($"kes: identity '{identity}' is empty, too long or contains invalid characters");
                }

                if (!identities.TryAdd(identity, policy))
                {
                    throw new ArgumentException($"kes: cannot assign policy '{policy.Name}' to '{identity}': identity already has a policy");
                }
            }
        }

        return new PolicySet(admin, policies, identities);
    }

    /// <summary>Whether <paramref name="identity"/> may request <paramref name="path"/>: the admin always; anyone else as their policy says.</summary>
    /// <param name="identity">The caller's identity; the empty identity is never authorized.</param>
    /// <param name="path">The percent-decoded request path with a leading <c>/</c> and no query.</param>
    public Authorization Authorize(Identity identity, ReadOnlySpan<char> path)
    {
        if (identity.IsEmpty)
        {
            return Authorization.Denied;
        }

        if (IsAdmin(identity))
        {
            return Authorization.Allowed;
        }

        return _identities.TryGetValue(identity, out var policy) && policy.IsAllowed(path)
            ? Authorization.Allowed
            : Authorization.Denied;
    }

    /// <summary>Whether <paramref name="identity"/> is the admin, compared as an exact, case-sensitive string.</summary>
    public bool IsAdmin(Identity identity) => string.Equals(identity.Value, Admin.Value, StringComparison.Ordinal);

    /// <summary>The policy called <paramref name="name"/>.</summary>
    public bool TryGetPolicy(string name, [MaybeNullWhen(false)] out Policy policy) => _policies.TryGetValue(name, out policy);

    /// <summary>The policy assigned to <paramref name="identity"/>; false for the admin and for unknown identities.</summary>
    public bool TryGetPolicyOf(Identity identity, [MaybeNullWhen(false)] out Policy policy) => _identities.TryGetValue(identity, out policy);
}
