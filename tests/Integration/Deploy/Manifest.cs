using YamlDotNet.RepresentationModel;

namespace Kes.IntegrationTests.Deploy;

/// <summary>One rendered Kubernetes object, read by dotted paths such as <c>spec.template.spec.containers.0.args</c>.</summary>
public sealed class Manifest(YamlMappingNode root)
{
    /// <summary>The object's <c>kind</c>.</summary>
    public string Kind => Scalar("kind");

    /// <summary>The object's <c>metadata.name</c>.</summary>
    public string Name => Scalar("metadata.name");

    /// <summary>Parses every document of a multi-document YAML text, such as <c>kubectl kustomize</c> prints.</summary>
    public static IReadOnlyList<Manifest> ParseAll(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return [.. stream.Documents.Select(document => new Manifest((YamlMappingNode)document.RootNode))];
    }

    /// <summary>Parses one YAML document (a config file held in a Secret, for example).</summary>
    public static Manifest Parse(string yaml) => ParseAll(yaml).Single();

    /// <summary>The node at <paramref name="path"/>, or null when any step is missing.</summary>
    public YamlNode? Find(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        YamlNode? node = root;
        foreach (var step in path.Split('.'))
        {
            node = node switch
            {
                YamlMappingNode mapping => mapping.Children.TryGetValue(new YamlScalarNode(step), out var child) ? child : null,
                YamlSequenceNode sequence when int.TryParse(step, out var index) && index < sequence.Children.Count => sequence.Children[index],
                _ => null,
            };
        }

        return node;
    }

    /// <summary>The scalar text at <paramref name="path"/>; fails the test when it is missing.</summary>
    public string Scalar(string path) =>
        (Find(path) as YamlScalarNode)?.Value ?? throw new Xunit.Sdk.XunitException($"{Kind} {Name}: no scalar at {path}");

    /// <summary>The scalars of the sequence at <paramref name="path"/>, empty when it is missing.</summary>
    public IReadOnlyList<string> Scalars(string path) =>
        Find(path) is YamlSequenceNode sequence ? [.. sequence.Children.Select(child => ((YamlScalarNode)child).Value ?? string.Empty)] : [];

    /// <summary>The key/scalar pairs of the mapping at <paramref name="path"/>.</summary>
    public IReadOnlyDictionary<string, string> Map(string path) =>
        Find(path) is YamlMappingNode mapping
            ? mapping.Children.ToDictionary(pair => ((YamlScalarNode)pair.Key).Value!, pair => (pair.Value as YamlScalarNode)?.Value ?? string.Empty)
            : new Dictionary<string, string>();

    /// <summary>The mapping at <paramref name="path"/> as a manifest of its own; fails the test when it is missing.</summary>
    public Manifest Child(string path) =>
        Find(path) is YamlMappingNode mapping ? new Manifest(mapping) : throw new Xunit.Sdk.XunitException($"{Kind} {Name}: no mapping at {path}");

    /// <summary>The items of the sequence at <paramref name="path"/> as manifests of their own.</summary>
    public IReadOnlyList<Manifest> Items(string path) =>
        Find(path) is YamlSequenceNode sequence ? [.. sequence.Children.OfType<YamlMappingNode>().Select(child => new Manifest(child))] : [];
}
