using System.Text;

namespace Kes.Api.Cli.Common;

/// <summary>The ANSI styles the CLI uses on a terminal (and, for <c>kes ls</c>'s header, always).</summary>
internal static class Ansi
{
    private const string Reset = "\u001b[0m";

    /// <summary>Each character wrapped as <c>ESC[4;4m&lt;c&gt;ESC[0m</c>, exactly as upstream's <c>kes ls</c> header (docs/cli.md §4.2).</summary>
    public static string UnderlineEachCharacter(string text)
    {
        var builder = new StringBuilder(text.Length * 12);
        foreach (var c in text)
        {
            builder.Append("\u001b[4;4m").Append(c).Append(Reset);
        }

        return builder.ToString();
    }

    public static string Bold(string text, bool enabled) => enabled ? "\u001b[1m" + text + Reset : text;

    public static string Underline(string text, bool enabled) => enabled ? "\u001b[4m" + text + Reset : text;

    public static string Red(string text, bool enabled) => enabled ? "\u001b[31m" + text + Reset : text;

    public static string Green(string text, bool enabled) => enabled ? "\u001b[32m" + text + Reset : text;

    public static string Cyan(string text, bool enabled) => enabled ? "\u001b[36m" + text + Reset : text;

    public static string Dim(string text, bool enabled) => enabled ? "\u001b[2m" + text + Reset : text;
}
