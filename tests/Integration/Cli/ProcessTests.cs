using System.Diagnostics;
using Kes.IntegrationTests.Client;

namespace Kes.IntegrationTests.Cli;

/// <summary>The real <c>kes</c> executable in a child process: exit codes, stdout and stderr as a shell sees them.</summary>
public sealed class ProcessTests(ApiKeyServer fixture) : IClassFixture<ApiKeyServer>
{
    [Fact]
    public async Task Identity_of_prints_the_bare_identity()
    {
        var (exit, output, error) = await RunAsync([], "identity", "of", "kes:v1:AD9E7FSYWrMD+VjhI6q545cYT9YOyFxZb7UnjEepYDRc");
        Assert.Equal((0, "3ecfcdf38fcbe141ae26a1030f81e96b753365a46760ae6b578698a97c59fd22", string.Empty), (exit, output, error));
    }

    [Fact]
    public async Task Key_commands_use_the_environment_and_exit_codes()
    {
        var environment = fixture.ApiKeyEnvironment;
        Assert.Equal((0, string.Empty, string.Empty), await RunAsync(environment, "key", "create", "process-key", "-k"));
        var listed = await RunAsync(environment, "key", "ls", "process-*", "--json", "-k");
        Assert.Equal(0, listed.Exit);
        Assert.StartsWith("[\"process-key\"]\n", listed.Out, StringComparison.Ordinal);
        Assert.Equal((1, string.Empty, "Error: failed to create key \"process-key\": key already exists\n"), await RunAsync(environment, "key", "create", "process-key", "-k"));
    }

    [Fact]
    public async Task No_arguments_print_usage_with_exit_2()
    {
        var (exit, output, error) = await RunAsync([]);
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("Usage:", error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Out, string Error)> RunAsync(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kes.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("KES_", StringComparison.Ordinal) || k.StartsWith("MINIO_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
