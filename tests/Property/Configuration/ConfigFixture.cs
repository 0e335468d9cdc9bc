using Kes.Infrastructure.Configuration;

namespace Kes.PropertyTests.Configuration;

/// <summary>Writes config text to a temporary file and loads it the way the server does.</summary>
internal static class ConfigFixture
{
    public const string Admin = "c84cd6a9e8e7d6b6e7f8c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1";

    public const string AdminSection = "admin:\n  identity: " + Admin + "\n";
    public const string TlsSection = "tls:\n  key: ./server.key\n  cert: ./server.cert\n";
    public const string KeyStoreSection = "keystore:\n  fs:\n    path: ./keys\n";

    /// <summary>A valid file made of the given top-level sections; pass an empty string to leave one out.</summary>
    public static string Yaml(
        string admin = AdminSection,
        string tls = TlsSection,
        string keystore = KeyStoreSection,
        string extra = "") => admin + tls + extra + keystore;

    public static ServerConfig Load(string yaml, params (string Name, string Value)[] env)
    {
        var path = Path.Combine(Path.GetTempPath(), $"kes-config-{Guid.NewGuid():N}.yml");
        File.WriteAllText(path, yaml);
        try
        {
            return ConfigFile.Load(path, Lookup(env));
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static string Error(string yaml, params (string Name, string Value)[] env) =>
        Assert.Throws<ConfigException>(() => Load(yaml, env)).Message;

    public static Func<string, string?> Lookup(params (string Name, string Value)[] env)
    {
        var variables = env.ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);
        return name => variables.TryGetValue(name, out var value) ? value : null;
    }
}
