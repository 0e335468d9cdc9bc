using Kes.Domain.Identities;
using Kes.Domain.Keys;

namespace Kes.Domain.Policies;

/// <summary>A named set of allow and deny path patterns (docs/api.md §6.2); deny wins, then allow, else deny.</summary>
/// <remarks>
/// The patterns are kept as sets, as upstream keeps them in maps: duplicates collapse, and both lists
/// are sorted the way Go sorts JSON object keys (by UTF-8 bytes), so <c>/v1/policy/read</c> can write
/// them as they are.
/// </remarks>
public sealed class Policy
{
    private readonly PathPattern[] _allow;
    private readonly PathPattern[] _deny;

    /// <summary>A policy with the given patterns; <paramref name="createdAt"/> and <paramref name="createdBy"/> are what the API reports.</summary>
    public Policy(string name, IEnumerable<string> allow, IEnumerable<string> deny, KesTimestamp createdAt, Identity createdBy)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(allow);
        ArgumentNullException.ThrowIfNull(deny);
        Name = name;
        _allow = ToSortedSet(allow);
        _deny = ToSortedSet(deny);
        CreatedAt = createdAt;
        CreatedBy = createdBy;
    }

    /// <summary>The policy name from the config.</summary>
    public string Name { get; }

    /// <summary>The allow patterns, distinct and sorted.</summary>
    public IReadOnlyList<PathPattern> Allow => _allow;

    /// <summary>The deny patterns, distinct and sorted.</summary>
    public IReadOnlyList<PathPattern> Deny => _deny;

    /// <summary>When the policy came into force: the server start time.</summary>
    public KesTimestamp CreatedAt { get; }

    /// <summary>Who set the policy: the admin identity.</summary>
    public Identity CreatedBy { get; }

    /// <summary>Whether a request for <paramref name="path"/> passes: no deny pattern matches and some allow pattern does.</summary>
    public bool IsAllowed(ReadOnlySpan<char> path)
    {
        foreach (var pattern in _deny)
        {
            if (pattern.Matches(path))
            {
                return false;
            }
        }

        foreach (var pattern in _allow)
        {
            if (pattern.Matches(path))
            {
                return true;
            }
        }

        return false;
    }

    private static PathPattern[] ToSortedSet(IEnumerable<string> patterns)
    {
        var set = new SortedSet<string>(Utf8OrderComparer.Instance);
        foreach (var pattern in patterns)
        {
            ArgumentNullException.ThrowIfNull(pattern, nameof(patterns));
            set.Add(pattern);
        }

        var result = new PathPattern[set.Count];
        var i = 0;
        foreach (var pattern in set)
        {
            result[i++] = new PathPattern(pattern);
        }

        return result;
    }
}
