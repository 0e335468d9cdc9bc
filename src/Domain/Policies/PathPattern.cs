namespace Kes.Domain.Policies;

/// <summary>One allow or deny pattern of a policy, matched against a request URL path (docs/api.md §6.2 item 5).</summary>
/// <remarks>
/// Only a final <c>*</c> is special: it turns the rest into a prefix. A <c>*</c> anywhere else is a
/// literal character, and the empty pattern matches nothing. Patterns are not validated; KES accepts
/// any string from the config.
/// </remarks>
public readonly record struct PathPattern
{
    /// <summary>Wraps <paramref name="value"/> as written in the config.</summary>
    public PathPattern(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
    }

    /// <summary>The pattern as written in the config.</summary>
    public string Value { get; }

    /// <summary>Whether the pattern ends in <c>*</c> and so matches by prefix.</summary>
    public bool IsPrefix => Value is { Length: > 0 } && Value[^1] == '*';

    /// <summary>Whether <paramref name="path"/> (percent-decoded, with a leading <c>/</c>, no query) matches.</summary>
    public bool Matches(ReadOnlySpan<char> path)
    {
        var pattern = Value.AsSpan();
        if (pattern.IsEmpty)
        {
            return false;
        }

        return pattern[^1] == '*'
            ? path.StartsWith(pattern[..^1], StringComparison.Ordinal)
            : path.SequenceEqual(pattern);
    }

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
