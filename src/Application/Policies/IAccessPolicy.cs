using Kes.Domain.Identities;

namespace Kes.Application.Policies;

/// <summary>Decides whether an identity may call a path: the admin may do everything, others what their policy allows (api.md §6.2).</summary>
public interface IAccessPolicy
{
    /// <summary>Whether <paramref name="identity"/> may request <paramref name="path"/>.</summary>
    bool IsAllowed(Identity identity, string path);
}
