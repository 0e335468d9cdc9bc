namespace Kes.Application.Policies;

/// <summary>The prefix rule of the policy and identity lists: empty and <c>*</c> list all, one trailing <c>*</c> is dropped.</summary>
public static class PatternPrefix
{
    /// <summary>The names among <paramref name="names"/> (sorted) that start with the pattern's prefix.</summary>
    public static List<string> Filter(IEnumerable<string> names, string pattern)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(pattern);
        var prefix = pattern.EndsWith('*') ? pattern[..^1] : pattern;
        var matches = new List<string>();
        foreach (var name in names)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                matches.Add(name);
            }
        }

        matches.Sort(StringComparer.Ordinal);
        return matches;
    }
}
