namespace Kes.IntegrationTests.Cli;

public sealed class UsageTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    [Theory]
    [InlineData]
    [InlineData("-h")]
    [InlineData("--help")]
    [InlineData("key")]
    [InlineData("policy")]
    [InlineData("key", "create", "--help")]
    [InlineData("identity", "new", "-h")]
    public async Task Usage_goes_to_stderr_with_exit_2(params string[] args)
    {
        var result = await CliRunner.RunAsync(NoEnvironment, args);
        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Contains("Usage:", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "foo" }, "\"foo\" is not a kes command. See 'kes --help'")]
    [InlineData(new[] { "key", "frobnicate" }, "\"frobnicate\" is not a kes key command. See 'kes key --help'")]
    [InlineData(new[] { "key", "create", "--foo", "a" }, "unknown flag: --foo. See 'kes key create --help'")]
    [InlineData(new[] { "status", "--nope=1" }, "unknown flag: --nope. See 'kes status --help'")]
    [InlineData(new[] { "key", "ls", "-z" }, "unknown shorthand flag: 'z' in -z. See 'kes key ls --help'")]
    [InlineData(new[] { "ls", "-i", "-p", "-a", "kes:v1:x" }, "'-p / --policy' and '-i / --identity' must not be used at the same time")]
    [InlineData(new[] { "log", "--audit", "--error" }, "cannot display audit and error logs at the same time")]
    [InlineData(new[] { "update" }, "self-update is not supported by Kes.NET. Install a new release with your package manager or from the project's releases")]
    public async Task Errors_print_one_line_and_exit_1(string[] args, string message)
    {
        var result = await CliRunner.RunAsync(NoEnvironment, args);
        Assert.Equal(new CliResult(1, string.Empty, $"Error: {message}\n"), result);
    }

    [Fact]
    public async Task The_error_prefix_is_red_on_a_terminal()
    {
        var result = await CliRunner.RunAsync(NoEnvironment, terminal: true, password: null, "key", "create");
        Assert.StartsWith("\u001b[31mError:\u001b[0m no key name specified", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-v")]
    [InlineData("--version")]
    public async Task Version_prints_version_runtime_license_and_copyright(string flag)
    {
        var result = await CliRunner.RunAsync(NoEnvironment, flag);
        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.Split('\n');
        Assert.StartsWith("Version", lines[0], StringComparison.Ordinal);
        Assert.Contains("commit=", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("Runtime", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("License", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("Copyright", lines[3], StringComparison.Ordinal);
    }
}
