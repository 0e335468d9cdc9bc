namespace Kes.Domain.Logs;

/// <summary>Log levels in Go <c>log/slog</c> numbering, which the config file, the console records and the banner all use.</summary>
public static class SlogLevels
{
    public const int Debug = -4;
    public const int Info = 0;
    public const int Warn = 4;
    public const int Error = 8;

    /// <summary>The pseudo-level <c>off</c>: above every record the server writes.</summary>
    public const int Off = Error + 1;

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
        return offset == 0 ? name : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name}{offset:+0;-0}");
    }
}
