namespace Kes.Domain.Keys;

/// <summary>The KES name rule shared by keys, policies and identities, and the list-pattern rule built on it.</summary>
public static class NameRule
{
    /// <summary>Longest name in bytes; every allowed character is one byte.</summary>
    public const int MaxLength = 80;

    /// <summary>1..80 of <c>0-9 A-Z a-z _ -</c>, no leading or trailing <c>-</c>, and not a lone <c>_</c>.</summary>
    public static bool IsValidName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > MaxLength)
        {
            return false;
        }

        if (name is "_" || name[0] == '-' || name[^1] == '-')
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsNameChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Empty or <c>*</c>, or a name that may end in one <c>*</c>; the part before it must not end in <c>-</c>.</summary>
    public static bool IsValidPattern(ReadOnlySpan<char> pattern)
    {
        if (pattern.IsEmpty || pattern is "*")
        {
            return true;
        }

        if (pattern.Length > MaxLength || pattern is "_" || pattern[0] == '-' || pattern[^1] == '-')
        {
            return false;
        }

        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' ? i != pattern.Length - 1 : !IsNameChar(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';
}
