using System.Reflection;

namespace Kes.Application.Status;

/// <summary>The server's version and commit, as <c>/version</c> and <c>/v1/status</c> report them.</summary>
public sealed record BuildInfo(string Version, string Commit)
{
    /// <summary>Reads the <c>KesVersion</c> and <c>KesCommit</c> assembly metadata stamped at build time; <c>&lt;unknown&gt;</c> when absent, as upstream.</summary>
    public static BuildInfo FromAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        string? version = null;
        string? commit = null;
        foreach (var attribute in assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
        {
            switch (attribute.Key)
            {
                case "KesVersion":
                    version = attribute.Value;
                    break;
                case "KesCommit":
                    commit = attribute.Value;
                    break;
            }
        }

        return new BuildInfo(
            string.IsNullOrWhiteSpace(version) ? "<unknown>" : version,
            string.IsNullOrWhiteSpace(commit) ? "<unknown>" : commit);
    }
}
