using Kes.Infrastructure.Configuration;
using YamlDotNet.RepresentationModel;

namespace Kes.Infrastructure.KeyStores;

/// <summary>One backend's section of the config file, read the way upstream decodes it: <c>${VAR}</c>s expanded, values of the wrong type reported with the file's other type errors.</summary>
internal sealed class KeyStoreSection(YamlValueReader reader, YamlNode node)
{
    private const char Separator = '.';

    /// <summary>The string fields at the given dotted paths below the section (<c>endpoint</c>, <c>credentials.token</c>), in the order given: empty when absent, the last value when a field repeats.</summary>
    public string[] Strings(params string[] paths)
    {
        var values = new string[paths.Length];
        Array.Fill(values, string.Empty);
        Visit(node, string.Empty, paths, (index, value) => values[index] = reader.String(value, env: true) ?? values[index]);
        return values;
    }

    /// <summary>Whether each dotted path holds a value other than null, as upstream's pointer fields are set (<c>approle: {}</c> counts, <c>approle:</c> does not).</summary>
    public bool[] Present(params string[] paths)
    {
        var present = new bool[paths.Length];
        Visit(node, string.Empty, paths, (index, value) => present[index] = YamlValueReader.IsPresent(value));
        return present;
    }

    /// <summary>The Go duration at a dotted path, in nanoseconds; 0 when absent.</summary>
    public long Duration(string path)
    {
        long nanoseconds = 0;
        Visit(node, string.Empty, [path], (_, value) => nanoseconds = reader.Duration(value) ?? nanoseconds);
        return nanoseconds;
    }

    private void Visit(YamlNode mapping, string prefix, string[] paths, Action<int, YamlNode> found)
    {
        foreach (var (field, value) in reader.Entries(mapping, "struct"))
        {
            var path = prefix + field;
            var index = Array.IndexOf(paths, path);
            if (index >= 0)
            {
                found(index, value);
            }

            if (Array.Exists(paths, p => p.StartsWith(path + Separator, StringComparison.Ordinal)))
            {
                Visit(value, path + Separator, paths, found);
            }
        }
    }
}
