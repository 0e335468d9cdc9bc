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
        Read(node, string.Empty, paths, values);
        return values;
    }

    private void Read(YamlNode mapping, string prefix, string[] paths, string[] values)
    {
        foreach (var (field, value) in reader.Entries(mapping, "struct"))
        {
            var path = prefix + field;
            var index = Array.IndexOf(paths, path);
            if (index >= 0)
            {
                values[index] = reader.String(value, env: true) ?? values[index];
            }
            else if (Array.Exists(paths, p => p.StartsWith(path + Separator, StringComparison.Ordinal)))
            {
                Read(value, path + Separator, paths, values);
            }
        }
    }
}
