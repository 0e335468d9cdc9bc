using System.Reflection;
using Kes.Client;

namespace Kes.IntegrationTests.Client;

/// <summary>Kes.Client stands alone: nothing it loads is a server assembly, the AWS SDK or YamlDotNet.</summary>
public sealed class ClientClosureTests
{
    private static readonly string[] ServerAssemblies = ["Kes.Infrastructure", "Kes.Application", "Kes.Api", "kes"];
    private static readonly string[] ServerPackagePrefixes = ["AWSSDK", "YamlDotNet"];

    [Fact]
    public void The_client_assemblies_reference_no_server_assembly_nor_server_package()
    {
        var closure = ReferenceClosure(typeof(KesClient).Assembly);

        Assert.Contains("Kes.Credentials", closure);
        Assert.DoesNotContain(closure, name => ServerAssemblies.Contains(name, StringComparer.Ordinal));
        Assert.DoesNotContain(closure, name => ServerPackagePrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)));
    }

    // Follows references through our own assemblies; framework assemblies cannot reference ours.
    private static SortedSet<string> ReferenceClosure(Assembly root)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>([root]);
        while (pending.TryPop(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name is not { } name || !seen.Add(name))
                {
                    continue;
                }

                if (name.StartsWith("Kes.", StringComparison.Ordinal))
                {
                    pending.Push(Assembly.Load(reference));
                }
            }
        }

        return seen;
    }
}
