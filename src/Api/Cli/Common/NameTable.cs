namespace Kes.Api.Cli.Common;

/// <summary>The output of <c>key ls</c>, <c>policy ls</c> and <c>identity ls</c>: with <c>--json</c> the array first (upstream then prints the table as well), then a header and one name per line.</summary>
internal static class NameTable
{
    public static void Write(CliConsole console, string header, List<string> names, bool json, bool color)
    {
        names.Sort(StringComparer.Ordinal);
        if (json)
        {
            console.Out.Write(JsonText.Names(names, console.IsTerminal) + "\n");
        }

        if (names.Count == 0)
        {
            return;
        }

        var output = new System.Text.StringBuilder();
        output.Append(Ansi.Underline(Ansi.Bold(header, color), color)).Append('\n');
        foreach (var name in names)
        {
            output.Append(name).Append('\n');
        }

        console.Out.Write(output.ToString());
    }
}
