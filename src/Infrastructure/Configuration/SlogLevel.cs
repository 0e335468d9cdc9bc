using Kes.Domain.Logs;

namespace Kes.Infrastructure.Configuration;

/// <summary>Parses the <c>log.error</c>/<c>log.audit</c> levels (slog numbering, <see cref="SlogLevels"/>) from the config's <c>log.error</c>/<c>log.audit</c> text (docs/config.md §4.7).</summary>
public static class SlogLevel
{
    private const int Debug = SlogLevels.Debug;
    private const int Info = SlogLevels.Info;
    private const int Warn = SlogLevels.Warn;
    private const int Error = SlogLevels.Error;
    private const int Off = SlogLevels.Off;

    private static readonly (string Name, int Level)[] Bases =
    [
        ("DEBUG", Debug),
        ("INFO", Info),
        ("WARN", Warn),
        ("ERROR", Error),
    ];

    /// <summary>Parses a level like upstream's <c>parseLogLevel</c>; throws <see cref="ConfigException"/> with its exact messages.</summary>
    public static int Parse(string? text)
    {
        var s = (text ?? string.Empty).ToUpperInvariant().Trim();
        switch (s)
        {
            case "" or "ON":
                return Info;
            case "OFF":
                return Off;
        }

        foreach (var (name, level) in Bases)
        {
            if (s.StartsWith(name, StringComparison.Ordinal))
            {
                return s == name ? level : ParseWithOffset(s, name, level);
            }
        }

        if (!GoText.TryAtoi(s, out var plain, out var error))
        {
            throw new ConfigException(error);
        }

        return Clamp(plain);
    }

    private static int ParseWithOffset(string s, string name, int level)
    {
        var plus = s.IndexOf('+', StringComparison.Ordinal);
        if (plus < 0 || s[..plus].Trim() != name)
        {
            throw new ConfigException($"kesconf: invalid log level '{s}'");
        }

        var suffix = s[(plus + 1)..];
        if (!GoText.TryAtoi(suffix, out var offset, out var error))
        {
            throw new ConfigException($"kesconf: invalid log level suffix '{suffix}': {error}");
        }

        return Clamp(unchecked(level + offset));
    }

    // slog levels are Go ints; clamping keeps every comparison with the named levels as upstream has it.
    private static int Clamp(long level) => (int)Math.Clamp(level, int.MinValue, int.MaxValue);
}
