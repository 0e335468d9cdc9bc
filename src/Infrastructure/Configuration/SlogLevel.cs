namespace Kes.Infrastructure.Configuration;

/// <summary>Log levels in Go <c>log/slog</c> numbering, parsed from the config's <c>log.error</c>/<c>log.audit</c> text (config.md §4.7).</summary>
public static class SlogLevel
{
    public const int Debug = -4;
    public const int Info = 0;
    public const int Warn = 4;
    public const int Error = 8;

    /// <summary>The pseudo-level <c>off</c>: above every record the server writes.</summary>
    public const int Off = Error + 1;

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

    /// <summary>Formats a level like slog's <c>Level.String</c>: <c>INFO</c>, <c>INFO+2</c>, <c>DEBUG-1</c>, <c>ERROR+1</c>.</summary>
    public static string Format(int level)
    {
        var (name, baseLevel) = level switch
        {
            < Info => ("DEBUG", Debug),
            < Warn => ("INFO", Info),
            < Error => ("WARN", Warn),
            _ => ("ERROR", Error),
        };
        var offset = (long)level - baseLevel;
        return offset == 0 ? name : $"{name}{offset:+0;-0}";
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
