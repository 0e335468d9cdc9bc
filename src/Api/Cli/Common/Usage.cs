namespace Kes.Api.Cli.Common;

/// <summary>Argument errors in upstream's form: <c>&lt;problem&gt;. See 'kes &lt;command&gt; --help'</c>.</summary>
internal static class Usage
{
    public static CliException Error(string problem, string command) => new($"{problem}. See 'kes {command} --help'");

    /// <summary>The positional arguments, checked against a maximum count.</summary>
    public static string[] AtMost(string[]? arguments, int maximum, string command)
    {
        arguments ??= [];
        return arguments.Length > maximum ? throw Error("too many arguments", command) : arguments;
    }
}
