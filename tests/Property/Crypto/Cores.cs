using Kes.Domain.Ports;
using Kes.Infrastructure.Crypto.Fast;
using Kes.Infrastructure.Crypto.Reference;

namespace Kes.PropertyTests.Crypto;

/// <summary>The sealing cores every vector and property test runs against.</summary>
public static class Cores
{
    public static IReadOnlyList<ISealer> All { get; } = [new FastSealer(), new ReferenceSealer()];

    /// <summary>The cores' names, for [MemberData]: names keep the theory cases serializable.</summary>
    public static TheoryData<string> Names
    {
        get
        {
            var names = new TheoryData<string>();
            foreach (var sealer in All)
            {
                names.Add(sealer.Name);
            }

            return names;
        }
    }

    public static ISealer Get(string name)
    {
        foreach (var sealer in All)
        {
            if (sealer.Name == name)
            {
                return sealer;
            }
        }

        throw new ArgumentException($"no core named {name}", nameof(name));
    }
}
