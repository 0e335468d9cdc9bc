using Kes.Infrastructure.KeyStores;
using YamlDotNet.RepresentationModel;

namespace Kes.Infrastructure.Configuration;

/// <summary>The <c>keystore</c> section: finds which backends of <see cref="KeyStoreRegistry"/> are present and lets each read its own section.</summary>
internal sealed class KeyStoreDecoder(YamlValueReader reader)
{
    private const string Struct = "struct";
    private const string EnvStringListType = "[]kesconf.env[string]";

    /// <summary>Fills <paramref name="present"/> with the present backends by their index in <see cref="KeyStoreRegistry.Backends"/>: the decoded config, or null for a backend Kes.NET does not implement.</summary>
    public void Decode(YamlNode keystore, SortedDictionary<int, KeyStoreConfig?> present)
    {
        var backends = KeyStoreRegistry.Backends;
        foreach (var (name, node) in reader.Entries(keystore, Struct))
        {
            if (name == "kes")
            {
                Kes(node);
                continue;
            }

            for (var index = 0; index < backends.Length; index++)
            {
                var path = backends[index].Path.Split('.');
                if (path[0] == name)
                {
                    Visit(index, node, path.AsSpan(1), present);
                }
            }
        }
    }

    // Upstream holds each level of a path such as aws.secretsmanager as a pointer: a later value
    // replaces an earlier one, and the backend is present only when every level is set (docs/config.md §4.9).
    private void Visit(int index, YamlNode node, ReadOnlySpan<string> rest, SortedDictionary<int, KeyStoreConfig?> present)
    {
        present.Remove(index);
        if (rest.IsEmpty)
        {
            if (YamlValueReader.IsPresent(node))
            {
                present[index] = KeyStoreRegistry.Backends[index].Decode?.Invoke(new KeyStoreSection(reader, node));
            }

            return;
        }

        foreach (var (field, value) in reader.Entries(node, Struct))
        {
            if (field == rest[0])
            {
                Visit(index, value, rest[1..], present);
            }
        }
    }

    // Upstream parses keystore.kes (so its type errors and ${VAR}s count) but no backend reads it:
    // on its own it is no keystore (docs/config.md §4.9).
    private void Kes(YamlNode node)
    {
        foreach (var (field, value) in reader.Entries(node, Struct))
        {
            switch (field)
            {
                case "endpoint":
                    reader.Strings(value, env: true, EnvStringListType, "string");
                    break;
                case "enclave":
                    reader.String(value, env: true);
                    break;
                case "tls":
                    foreach (var (tlsField, tlsValue) in reader.Entries(value, Struct))
                    {
                        if (tlsField is "cert" or "key" or "ca")
                        {
                            reader.String(tlsValue, env: true);
                        }
                    }

                    break;
            }
        }
    }
}
