namespace Kes.Application.Logs;

/// <summary>slog's level numbers, which the config file and the log records use.</summary>
public static class LogLevels
{
    public const int Debug = -4;
    public const int Info = 0;
    public const int Warn = 4;
    public const int Error = 8;

    /// <summary>A threshold above every level: nothing is printed.</summary>
    public const int Off = Error + 1;

    /// <summary>The name slog prints, e.g. <c>INFO</c> or <c>INFO+2</c>.</summary>
    public static string Name(int level) => level switch
    {
        < Info => Offset("DEBUG", level - Debug),
        < Warn => Offset("INFO", level - Info),
        < Error => Offset("WARN", level - Warn),
        _ => Offset("ERROR", level - Error),
    };

    private static string Offset(string name, int offset) =>
        offset == 0 ? name : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name}+{offset}");
}
