using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using static Kes.PropertyTests.Configuration.ConfigFixture;

namespace Kes.PropertyTests.Configuration;

/// <summary>Every <c>```yaml</c> block of README.md and docs/*.md loads through the config loader: a whole file as it is, a fragment (no <c>keystore:</c>) inside a minimal valid config.</summary>
/// <remarks>
/// Every <c>${VAR}</c> a block names is set: an <c>…IDENTITY</c> variable to an identity of its own
/// (two policies must not share one), any other to a placeholder. YAML that is not a KES config file
/// belongs in a block with another language tag.
/// </remarks>
public partial class DocumentedYamlTests
{
    private static readonly string Root = RepositoryRoot();

    public static TheoryData<string> Blocks => [.. Extract().Keys];

    [Theory]
    [MemberData(nameof(Blocks))]
    public void A_documented_yaml_block_loads_as_a_config_file(string block)
    {
        var yaml = Extract()[block];
        var failure = Record.Exception(() => Load(IsWholeFile(yaml) ? yaml : InMinimalConfig(yaml), Environment(yaml)));
        Assert.True(failure is null, $"{block}: {failure?.Message}");
    }

    [Fact]
    public void The_readme_shows_a_whole_config_file_and_a_policy_fragment()
    {
        var readme = Extract().Where(block => block.Key.StartsWith("README.md:", StringComparison.Ordinal)).Select(block => block.Value).ToList();
        Assert.Contains(readme, IsWholeFile);
        Assert.Contains(readme, yaml => !IsWholeFile(yaml) && yaml.StartsWith("policy:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_flow_list_holding_an_environment_variable_is_rejected()
    {
        var yaml = "policy:\n  minio:\n    allow: [/v1/status]\n    identities: [${MINIO_IDENTITY}]\n";
        Assert.StartsWith("yaml: ", Error(InMinimalConfig(yaml), Environment(yaml)), StringComparison.Ordinal);
    }

    private static bool IsWholeFile(string yaml) => TopLevelKeys(yaml).Contains("keystore");

    /// <summary>The fragment's sections replace the minimal config's sections of the same name.</summary>
    private static string InMinimalConfig(string fragment)
    {
        var present = TopLevelKeys(fragment);
        var sections = new (string Name, string Text)[] { ("admin", AdminSection), ("tls", TlsSection), ("keystore", KeyStoreSection) };
        return string.Concat(sections.Where(section => !present.Contains(section.Name)).Select(section => section.Text)) + fragment;
    }

    private static HashSet<string> TopLevelKeys(string yaml) =>
        [.. TopLevelKey().Matches(yaml).Select(match => match.Groups[1].Value)];

    private static (string Name, string Value)[] Environment(string yaml) =>
        [.. Variable().Matches(yaml).Select(match => match.Groups[1].Value).Distinct(StringComparer.Ordinal).Select(name => (name, ValueOf(name)))];

    private static string ValueOf(string name) =>
        name.EndsWith("IDENTITY", StringComparison.Ordinal)
            ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))
            : "documented-" + name.ToLowerInvariant();

    /// <summary>Each block keyed by <c>file:line</c> of its opening fence.</summary>
    private static Dictionary<string, string> Extract()
    {
        var files = new List<string> { Path.Combine(Root, "README.md") };
        var docs = Path.Combine(Root, "docs");
        if (Directory.Exists(docs))
        {
            files.AddRange(Directory.GetFiles(docs, "*.md").Order(StringComparer.Ordinal));
        }

        var blocks = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimEnd() != "```yaml")
                {
                    continue;
                }

                var end = Array.FindIndex(lines, i + 1, line => line.TrimEnd() == "```");
                Assert.True(end > i, $"{file}:{i + 1}: the yaml block is never closed");
                blocks.Add($"{Path.GetRelativePath(Root, file)}:{i + 1}", string.Join('\n', lines[(i + 1)..end]) + "\n");
                i = end;
            }
        }

        return blocks;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Kes.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("no Kes.sln above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*):", RegexOptions.Multiline)]
    private static partial Regex TopLevelKey();

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Variable();
}
