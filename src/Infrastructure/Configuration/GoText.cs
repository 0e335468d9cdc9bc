using System.Globalization;
using System.Text;

namespace Kes.Infrastructure.Configuration;

/// <summary>Go's <c>strconv.Atoi</c> and <c>strconv.Quote</c>, so that messages built on them read like upstream's.</summary>
internal static class GoText
{
    /// <summary>Parses like <c>strconv.Atoi</c> on a 64-bit platform; on failure <paramref name="error"/> is Go's message.</summary>
    public static bool TryAtoi(string s, out long value, out string error)
    {
        value = 0;
        error = string.Empty;
        var digits = s.AsSpan();
        var negative = false;
        if (!digits.IsEmpty && digits[0] is '+' or '-')
        {
            negative = digits[0] == '-';
            digits = digits[1..];
        }

        if (digits.IsEmpty)
        {
            error = SyntaxError(s);
            return false;
        }

        ulong magnitude = 0;
        var outOfRange = false;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                error = SyntaxError(s);
                return false;
            }

            if (outOfRange)
            {
                continue;
            }

            if (magnitude > (ulong.MaxValue - 9) / 10)
            {
                outOfRange = true;
                continue;
            }

            magnitude = (magnitude * 10) + (ulong)(c - '0');
        }

        var limit = negative ? 1UL << 63 : (1UL << 63) - 1;
        if (outOfRange || magnitude > limit)
        {
            error = $"strconv.Atoi: parsing {Quote(s)}: value out of range";
            return false;
        }

        value = negative ? unchecked(-(long)magnitude) : (long)magnitude;
        return true;
    }

    /// <summary>A double-quoted Go string literal of <paramref name="s"/>, escaping what <c>strconv.Quote</c> escapes.</summary>
    public static string Quote(string s)
    {
        var builder = new StringBuilder(s.Length + 2);
        builder.Append('"');
        foreach (var rune in s.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\a':
                    builder.Append("\\a");
                    break;
                case '\b':
                    builder.Append("\\b");
                    break;
                case '\f':
                    builder.Append("\\f");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '\v':
                    builder.Append("\\v");
                    break;
                default:
                    AppendOther(builder, rune);
                    break;
            }
        }

        builder.Append('"');
        return builder.ToString();
    }

    private static void AppendOther(StringBuilder builder, Rune rune)
    {
        if (IsPrint(rune))
        {
            builder.Append(rune.ToString());
        }
        else if (rune.Value < ' ' || rune.Value == 0x7F)
        {
            builder.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}");
        }
        else if (rune.Value < 0x10000)
        {
            builder.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:x4}");
        }
        else
        {
            builder.Append(CultureInfo.InvariantCulture, $"\\U{rune.Value:x8}");
        }
    }

    // Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static bool IsPrint(Rune rune) =>
        rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator => false,
            _ => true,
        };

    private static string SyntaxError(string s) => $"strconv.Atoi: parsing {Quote(s)}: invalid syntax";
}
