using YamlDotNet.RepresentationModel;

namespace Kes.Infrastructure.Configuration;

/// <summary>Upstream's <c>findVersion</c>: checks <c>version</c> before anything else is decoded (docs/config.md §1.3).</summary>
/// <remarks>
/// Like upstream, it scans every node of the top-level collection, values included, for the text <c>version</c>
/// and takes the node after it; for an ordinary file that is the value of the <c>version</c> key.
/// </remarks>
internal static class VersionProbe
{
    public const string Supported = "v1";

    public static void Check(YamlNode root)
    {
        var nodes = TopLevelNodes(root);
        for (var i = 0; i < nodes.Count; i++)
        {
            if (nodes[i] is not YamlScalarNode { Value: "version" } key)
            {
                continue;
            }

            if (i == nodes.Count - 1)
            {
                throw new ConfigException($"kesconf: invalid config version at line '{key.Start.Line}'");
            }

            if (nodes[i + 1] is not YamlScalarNode value)
            {
                throw new ConfigException($"kesconf: invalid config version at line '{nodes[i + 1].Start.Line}'");
            }

            var version = value.Value ?? string.Empty;
            if (version.Length != 0 && version != Supported)
            {
                throw new ConfigException($"edge: invalid server config version '{version}'");
            }

            return;
        }
    }

    private static List<YamlNode> TopLevelNodes(YamlNode root)
    {
        var nodes = new List<YamlNode>();
        switch (root)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    nodes.Add(key);
                    nodes.Add(value);
                }

                break;
            case YamlSequenceNode sequence:
                nodes.AddRange(sequence.Children);
                break;
        }

        return nodes;
    }
}
