using Kes.Domain.Keys;

namespace Kes.Infrastructure.Configuration;

/// <summary>The startup checks on the <c>policy</c> section that upstream runs after the banner (docs/config.md §4.4).</summary>
public static class PolicyValidation
{
    /// <summary>Checks policy names, identity names and that no identity has two policies, in file order.</summary>
    /// <exception cref="ConfigException">With upstream's <c>kes: …</c> message for the first fault.</exception>
    public static void Validate(IReadOnlyDictionary<string, PolicyConfig> policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var assigned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, policy) in policies)
        {
            if (!NameRule.IsValidName(name))
            {
                throw new ConfigException($"kes: policy name '{name}' is empty, too long or contains invalid characters");
            }

            foreach (var identity in policy.Identities)
            {
                if (!NameRule.IsValidName(identity))
                {
                    throw new ConfigException($"kes: identity '{identity}' is empty, too long or contains invalid characters");
                }

                if (!assigned.Add(identity))
                {
                    throw new ConfigException($"kes: cannot assign policy '{name}' to '{identity}': identity already has a policy");
                }
            }
        }
    }
}
