using Kes.Domain.Identities;
using Kes.Domain.Policies;

namespace Kes.Application.Policies;

/// <summary>The policy set of the active configuration; a reload swaps in a new one atomically.</summary>
public sealed class PolicyHolder(PolicySet initial) : IAccessPolicy
{
    private PolicySet _current = initial;

    /// <summary>The set requests are authorized against now.</summary>
    public PolicySet Current => Volatile.Read(ref _current);

    /// <summary>Installs <paramref name="next"/>.</summary>
    public void Swap(PolicySet next) => Volatile.Write(ref _current, next);

    /// <inheritdoc />
    public bool IsAllowed(Identity identity, string path) => Current.Authorize(identity, path) == Authorization.Allowed;
}
