using System.CommandLine;

namespace Kes.Api.Cli.Common;

/// <summary>The flags many client commands share (docs/cli.md §1, §4).</summary>
internal static class CliOptions
{
    public static Option<bool> Insecure() => new("--insecure", "-k") { Description = "Skip server certificate verification" };

    public static Option<bool> Json() => new("--json") { Description = "Print the result as JSON" };

    public static Option<string> Color() => new("--color")
    {
        Description = "Specify when to use colored output: auto, never, always",
        DefaultValueFactory = static _ => "auto",
    };

    /// <summary><c>-e/--enclave</c>: accepted and ignored, since enclaves no longer exist.</summary>
    public static Option<string?> Enclave() => new("--enclave", "-e") { Description = "Operate within the specified enclave (ignored)" };

    /// <summary>The positional arguments; commands check their number themselves to give upstream's messages.</summary>
    public static Argument<string[]> Arguments(string name = "args") => new(name) { Arity = ArgumentArity.ZeroOrMore };

    /// <summary>Whether to colour: <c>always</c>, or <c>auto</c> on a terminal.</summary>
    public static bool UseColor(string? mode, CliConsole console) => mode switch
    {
        "always" => true,
        "never" => false,
        "auto" or null or "" => console.IsTerminal,
        _ => throw new CliException($"invalid color mode '{mode}'. Use 'auto', 'never' or 'always'"),
    };
}
