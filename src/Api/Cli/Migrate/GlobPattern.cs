using System.Text;
using System.Text.RegularExpressions;

namespace Kes.Api.Cli.Migrate;

/// <summary>A shell glob with Go's <c>path.Match</c> syntax: <c>*</c>, <c>?</c>, <c>[…]</c> classes with ranges and <c>^</c> negation, and <c>\</c> escapes.</summary>
internal sealed class GlobPattern
{
    /// <summary>Go's <c>path.ErrBadPattern</c> text.</summary>
    public const string BadPattern = "syntax error in pattern";

    private readonly Regex _regex;

    private GlobPattern(Regex regex) => _regex = regex;

    /// <summary>Compiles <paramref name="pattern"/>.</summary>
    /// <exception cref="FormatException"><see cref="BadPattern"/> for an unterminated class, an empty range or a trailing backslash.</exception>
    public static GlobPattern Parse(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                case '\\':
                    if (++i == pattern.Length)
                    {
                        throw new FormatException(BadPattern);
                    }

                    regex.Append(Regex.Escape(pattern[i].ToString()));
                    break;
                case '[':
                    i = AppendClass(pattern, i + 1, regex);
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        regex.Append('$');
        return new GlobPattern(new Regex(regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1)));
    }

    /// <summary>Whether <paramref name="name"/> matches the whole pattern.</summary>
    public bool IsMatch(string name) => _regex.IsMatch(name);

    // Reads a class from just after '[' and returns the index of its ']'.
    private static int AppendClass(string pattern, int i, StringBuilder regex)
    {
        regex.Append('[');
        if (i < pattern.Length && pattern[i] == '^')
        {
            regex.Append('^');
            i++;
        }

        var empty = true;
        while (i < pattern.Length && (pattern[i] != ']' || empty))
        {
            var low = ClassChar(pattern, ref i);
            if (i + 1 < pattern.Length && pattern[i] == '-' && pattern[i + 1] != ']')
            {
                i++;
                var high = ClassChar(pattern, ref i);
                if (high < low)
                {
                    throw new FormatException(BadPattern);
                }

                regex.Append(Escape(low)).Append('-').Append(Escape(high));
            }
            else
            {
                regex.Append(Escape(low));
            }

            empty = false;
        }

        if (i >= pattern.Length)
        {
            throw new FormatException(BadPattern);
        }

        regex.Append(']');
        return i;
    }

    private static char ClassChar(string pattern, ref int i)
    {
        if (pattern[i] == '\\')
        {
            i++;
            if (i >= pattern.Length)
            {
                throw new FormatException(BadPattern);
            }
        }
        else if (pattern[i] is '-' or ']')
        {
            throw new FormatException(BadPattern);
        }

        return pattern[i++];
    }

    private static string Escape(char c) => c is '\\' or ']' or '[' or '^' or '-' ? "\\" + c : c.ToString();
}
