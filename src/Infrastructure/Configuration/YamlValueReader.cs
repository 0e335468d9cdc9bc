using Kes.Domain.Time;
using YamlDotNet.RepresentationModel;

namespace Kes.Infrastructure.Configuration;

/// <summary>
/// Decodes YAML nodes into config values the way gopkg.in/yaml.v3 decodes into upstream's <c>ymlFile</c>:
/// type errors are collected in document order, a missing <c>${VAR}</c> aborts at once, null leaves the zero value.
/// </summary>
internal sealed class YamlValueReader(Func<string, string?> getEnv)
{
    private readonly List<string> _typeErrors = [];

    /// <summary>Throws the collected type errors as one <c>yaml: unmarshal errors:</c> message, if there are any.</summary>
    public void ThrowIfTypeErrors()
    {
        if (_typeErrors.Count > 0)
        {
            throw new ConfigException("yaml: unmarshal errors:\n  " + string.Join("\n  ", _typeErrors));
        }
    }

    /// <summary>Whether a pointer-typed section is set: any value but null (<c>fs: {}</c> counts, <c>fs:</c> does not).</summary>
    public static bool IsPresent(YamlNode node) => YamlTags.Of(node) != YamlTags.Null;

    /// <summary>The entries of a mapping decoded as a struct or map: keys as text, merge keys (<c>&lt;&lt;</c>) resolved.</summary>
    public IEnumerable<(string Key, YamlNode Value)> Entries(YamlNode node, string goType)
    {
        if (!IsPresent(node))
        {
            yield break;
        }

        if (node is not YamlMappingNode mapping)
        {
            AddTypeError(node, null, goType);
            yield break;
        }

        List<YamlNode>? merges = null;
        var explicitKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (YamlTags.Of(keyNode) == YamlTags.Merge)
            {
                (merges ??= []).Add(value);
                continue;
            }

            if (KeyText(keyNode) is { } key)
            {
                explicitKeys.Add(key);
                yield return (key, value);
            }
        }

        foreach (var merge in merges ?? [])
        {
            foreach (var source in MergeSources(merge))
            {
                foreach (var (key, value) in Entries(source, goType))
                {
                    if (!explicitKeys.Contains(key))
                    {
                        yield return (key, value);
                    }
                }
            }
        }
    }

    /// <summary>A string field; null when the node is YAML null or of the wrong type. <paramref name="env"/> marks fields that expand <c>${VAR}</c>.</summary>
    public string? String(YamlNode node, bool env, string goType = "string") => String(node, env, out _, goType);

    /// <summary>A string field that also reports the name of the <c>${VAR}</c> it came from, or empty.</summary>
    public string? String(YamlNode node, bool env, out string variable, string goType = "string")
    {
        variable = string.Empty;
        if (node is not YamlScalarNode scalar)
        {
            AddTypeError(node, null, goType);
            return null;
        }

        var value = Read(scalar, env);
        variable = value?.Variable ?? string.Empty;
        return value?.Value;
    }

    /// <summary>A Go <c>time.Duration</c> field in nanoseconds: a duration string, never a bare number; null when not set.</summary>
    public long? Duration(YamlNode node)
    {
        const string GoType = "time.Duration";
        if (node is not YamlScalarNode scalar)
        {
            AddTypeError(node, null, GoType);
            return null;
        }

        if (Read(scalar, env: true) is not { } value)
        {
            return null;
        }

        if (IsStringLike(value.Tag) && GoDuration.TryParse(value.Value, out var nanoseconds))
        {
            return nanoseconds;
        }

        AddTypeError(node, value.Value, GoType, value.Tag);
        return null;
    }

    /// <summary>A bool field: YAML <c>true</c>/<c>false</c>, and as text the YAML 1.1 forms yaml.v3 takes plus <c>true</c>/<c>false</c> (D7).</summary>
    public bool? Bool(YamlNode node)
    {
        const string GoType = "bool";
        if (node is not YamlScalarNode scalar)
        {
            AddTypeError(node, null, GoType);
            return null;
        }

        if (Read(scalar, env: true) is not { } value)
        {
            return null;
        }

        if (value.Tag == YamlTags.Bool)
        {
            return value.Value is "true" or "True" or "TRUE";
        }

        if (IsStringLike(value.Tag))
        {
            switch (value.Value)
            {
                case "true" or "True" or "TRUE" or "y" or "Y" or "yes" or "Yes" or "YES" or "on" or "On" or "ON":
                    return true;
                case "false" or "False" or "FALSE" or "n" or "N" or "no" or "No" or "NO" or "off" or "Off" or "OFF":
                    return false;
            }
        }

        AddTypeError(node, value.Value, GoType, value.Tag);
        return null;
    }

    /// <summary>A list of strings; null items and items of the wrong type are dropped, as yaml.v3 drops them.</summary>
    public List<string> Strings(YamlNode node, bool env, string goListType, string goItemType)
    {
        var items = new List<string>();
        foreach (var item in Items(node, goListType))
        {
            if (String(item, env, goItemType) is { } text)
            {
                items.Add(text);
            }
        }

        return items;
    }

    /// <summary>The items of a sequence; a non-sequence is a type error.</summary>
    public IEnumerable<YamlNode> Items(YamlNode node, string goListType)
    {
        if (!IsPresent(node))
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            AddTypeError(node, null, goListType);
            return [];
        }

        return sequence.Children;
    }

    private static bool IsStringLike(string tag) => tag == YamlTags.Str || !tag.StartsWith("!!", StringComparison.Ordinal);

    private static IEnumerable<YamlMappingNode> MergeSources(YamlNode merge)
    {
        switch (merge)
        {
            case YamlMappingNode mapping:
                yield return mapping;
                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Children)
                {
                    yield return item as YamlMappingNode ?? throw MergeError();
                }

                break;
            default:
                throw MergeError();
        }
    }

    private static ConfigException MergeError() => new("yaml: map merge requires map or sequence of maps as the value");

    private string? KeyText(YamlNode keyNode)
    {
        if (keyNode is not YamlScalarNode scalar)
        {
            AddTypeError(keyNode, null, "string");
            return null;
        }

        return YamlTags.Of(scalar) == YamlTags.Null ? string.Empty : scalar.Value ?? string.Empty;
    }

    private TypedScalar? Read(YamlScalarNode node, bool env)
    {
        var tag = YamlTags.Of(node);
        if (tag == YamlTags.Null)
        {
            return null;
        }

        var value = node.Value ?? string.Empty;
        var variable = string.Empty;
        if (env && VariableName(value) is { } name)
        {
            variable = name;
            value = (name.Length == 0 ? null : getEnv(name))
                ?? throw new ConfigException($"kesconf: referenced env. variable '{name}' in line '{node.Start.Line}' not found");
        }

        if (YamlTags.IsChecked(tag))
        {
            var resolved = YamlTags.ResolvePlain(value);
            if (resolved != tag && !(tag == YamlTags.Float && resolved == YamlTags.Int))
            {
                throw new ConfigException($"yaml: cannot decode {resolved} `{value}` as a {tag}");
            }
        }

        return new TypedScalar(tag, value, variable);
    }

    // docs/config.md §2: only a value that is, once trimmed, exactly ${NAME} refers to a variable; the variable must exist but may be empty.
    private static string? VariableName(string value)
    {
        var trimmed = value.Trim();
        return trimmed.StartsWith("${", StringComparison.Ordinal) && trimmed.EndsWith('}') ? trimmed[2..^1].Trim() : null;
    }

    private void AddTypeError(YamlNode node, string? value, string goType, string? tag = null)
    {
        tag ??= YamlTags.Of(node);
        _typeErrors.Add($"line {node.Start.Line}: cannot unmarshal {tag}{YamlTags.Display(node, value ?? (node as YamlScalarNode)?.Value)} into {goType}");
    }

    private readonly record struct TypedScalar(string Tag, string Value, string Variable);
}
