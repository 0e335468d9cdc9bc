namespace Kes.Infrastructure.Configuration;

/// <summary>Loads the KES server config file: read, YAML, version probe, decode with <c>${VAR}</c> expansion, validation (docs/config.md §1).</summary>
public static class ConfigFile
{
    /// <summary>Loads and validates the file at <paramref name="path"/>; every failure is a <see cref="ConfigException"/> with upstream's text.</summary>
    /// <param name="path">The file given by <c>--config</c>.</param>
    /// <param name="getEnv">Looks up an environment variable; null means unset (<see cref="Environment.GetEnvironmentVariable(string)"/> fits).</param>
    public static ServerConfig Load(string path, Func<string, string?> getEnv)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(getEnv);
        if (!GoFile.TryReadAllText(path, out var text, out var error))
        {
            throw new ConfigException(error);
        }

        return Parse(text, getEnv);
    }

    /// <summary>Loads and validates config text, as <see cref="Load"/> does once the file is read.</summary>
    public static ServerConfig Parse(string text, Func<string, string?> getEnv)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(getEnv);
        var root = YamlDocumentReader.Read(text);
        VersionProbe.Check(root);
        var raw = new ConfigDecoder(getEnv).Decode(root);
        return ConfigValidator.Validate(raw);
    }
}
