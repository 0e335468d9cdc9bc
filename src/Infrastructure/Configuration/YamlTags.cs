using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kes.Infrastructure.Configuration;

/// <summary>The YAML 1.2 core-schema tag that gopkg.in/yaml.v3 gives a node, which decides how it decodes and how type errors read.</summary>
internal static partial class YamlTags
{
    public const string Str = "!!str";
    public const string Int = "!!int";
    public const string Float = "!!float";
    public const string Bool = "!!bool";
    public const string Null = "!!null";
    public const string Timestamp = "!!timestamp";
    public const string Merge = "!!merge";
    public const string Map = "!!map";
    public const string Seq = "!!seq";

    private const string YamlOrgPrefix = "tag:yaml.org,2002:";

    /// <summary>The node's tag: the explicit one if given, else <c>!!str</c> for quoted and block scalars, else the resolved plain tag.</summary>
    public static string Of(YamlNode node)
    {
        if (TryExplicit(node.Tag, out var tag))
        {
            return tag;
        }

        return node switch
        {
            YamlMappingNode => Map,
            YamlSequenceNode => Seq,
            YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar => ResolvePlain(scalar.Value ?? string.Empty),
            _ => Str,
        };
    }

    /// <summary>Whether the tag is one whose text yaml.v3 checks against the value (<c>!!int 5</c> is fine, <c>!!int x</c> is not).</summary>
    public static bool IsChecked(string tag) => tag is Bool or Int or Float or Timestamp;

    /// <summary>The tag yaml.v3's resolver gives an untagged plain scalar.</summary>
    public static string ResolvePlain(string value)
    {
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return Null;
            case "true" or "True" or "TRUE" or "false" or "False" or "FALSE":
                return Bool;
            case ".nan" or ".NaN" or ".NAN" or ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "-.inf" or "-.Inf" or "-.INF":
                return Float;
            case "<<":
                return Merge;
        }

        return value[0] switch
        {
            '.' => DotFloat().IsMatch(value) ? Float : Str,
            '+' or '-' or (>= '0' and <= '9') => ResolveNumeric(value),
            _ => Str,
        };
    }

    /// <summary>How yaml.v3 shows a value in a type error: omitted for collections, cut to 7 bytes and <c>...</c> past 10 bytes.</summary>
    public static string Display(YamlNode node, string? value)
    {
        if (node is not YamlScalarNode || value is null)
        {
            return string.Empty;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        return bytes.Length > 10 ? $" `{Encoding.UTF8.GetString(bytes, 0, 7)}...`" : $" `{value}`";
    }

    private static bool TryExplicit(TagName tag, out string shortTag)
    {
        shortTag = string.Empty;
        if (tag.IsEmpty || tag.IsNonSpecific)
        {
            return false;
        }

        shortTag = tag.Value.StartsWith(YamlOrgPrefix, StringComparison.Ordinal) ? "!!" + tag.Value[YamlOrgPrefix.Length..] : tag.Value;
        return true;
    }

    private static string ResolveNumeric(string value)
    {
        if (IsTimestamp(value))
        {
            return Timestamp;
        }

        var plain = value.Replace("_", string.Empty, StringComparison.Ordinal);
        if (IsGoInteger(plain))
        {
            return Int;
        }

        if (YamlStyleFloat().IsMatch(plain) && double.IsFinite(double.Parse(plain, NumberStyles.Float, CultureInfo.InvariantCulture)))
        {
            return Float;
        }

        return Str;
    }

    // strconv.ParseInt(s, 0, 64), then ParseUint(s, 0, 64): sign, base prefix 0x/0b/0o/0, and a value that fits.
    private static bool IsGoInteger(string s)
    {
        var span = s.AsSpan();
        var signed = false;
        var negative = false;
        if (!span.IsEmpty && span[0] is '+' or '-')
        {
            signed = true;
            negative = span[0] == '-';
            span = span[1..];
        }

        var radix = 10;
        if (span.Length >= 2 && span[0] == '0')
        {
            radix = char.ToLowerInvariant(span[1]) switch
            {
                'x' => 16,
                'b' => 2,
                _ => 8,
            };
            span = span[(char.ToLowerInvariant(span[1]) is 'x' or 'b' or 'o' ? 2 : 1)..];
        }

        if (span.IsEmpty)
        {
            return false;
        }

        UInt128 magnitude = 0;
        foreach (var c in span)
        {
            var digit = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiHexDigit(c) ? (c | 0x20) - 'a' + 10 : radix;
            if (digit >= radix)
            {
                return false;
            }

            magnitude = (magnitude * (uint)radix) + (uint)digit;
            if (magnitude > ulong.MaxValue)
            {
                return false;
            }
        }

        return negative ? magnitude <= (UInt128)1 << 63 : signed ? magnitude <= long.MaxValue : true;
    }

    private static bool IsTimestamp(string value)
    {
        var match = TimestampPattern().Match(value);
        if (!match.Success)
        {
            return false;
        }

        var hasTime = match.Groups["hour"].Success;
        if (hasTime && (match.Groups["sep"].Value == " ") == match.Groups["zone"].Success)
        {
            // The 'T' forms carry a zone, the space form does not.
            return false;
        }

        return DateTime.TryParseExact(
                $"{match.Groups["year"].Value}-{match.Groups["month"].Value.PadLeft(2, '0')}-{match.Groups["day"].Value.PadLeft(2, '0')}",
                "yyyy-MM-dd",
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out _)
            && (!hasTime || (Number(match, "hour") < 24 && Number(match, "minute") < 60 && Number(match, "second") < 60));
    }

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\.[0-9]+([eE][-+]?[0-9]+)?$")]
    private static partial Regex DotFloat();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex YamlStyleFloat();

    [GeneratedRegex(@"^(?<year>[0-9]{4})-(?<month>[0-9]{1,2})-(?<day>[0-9]{1,2})((?<sep>[Tt ])(?<hour>[0-9]{1,2}):(?<minute>[0-9]{1,2}):(?<second>[0-9]{1,2})(\.[0-9]+)?(?<zone>Z|[-+][0-9]{2}:[0-9]{2})?)?$")]
    private static partial Regex TimestampPattern();
}
