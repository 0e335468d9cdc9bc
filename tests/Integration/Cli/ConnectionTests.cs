using Kes.IntegrationTests.Client;

namespace Kes.IntegrationTests.Cli;

public sealed class ConnectionTests(ApiKeyServer fixture) : IClassFixture<ApiKeyServer>
{
    private const string ValidKey = "kes:v1:ACQpoGqx3rHHjT938Hfu5hVVQJHZWSqVI2Xp1KlYxFVw";

    public static TheoryData<string[], string> CredentialErrors => new()
    {
        { [], "no API key specified. Consider setting MINIO_KES_API_KEY" },
        { ["KES_API_KEY", ValidKey, "KES_CLIENT_KEY", "k.pem"], "API key and private key file cannot be used at the same time" },
        { ["KES_API_KEY", ValidKey, "KES_CLIENT_CERT", "c.pem"], "API key and certificate file cannot be used at the same time" },
        { ["KES_CLIENT_KEY", "k.pem"], "no certificate file specified. Consider setting MINIO_KES_CERT_FILE" },
        { ["KES_CLIENT_CERT", "c.pem"], "no private key file specified. Consider setting MINIO_KES_KEY_FILE" },
        { ["MINIO_KES_API_KEY", string.Empty, "KES_API_KEY", ValidKey], "no API key specified. Consider setting MINIO_KES_API_KEY" },
        { ["KES_API_KEY", "kes:v1:AAAA"], "kes: invalid API key: invalid length" },
        { ["KES_API_KEY", "kes:v1:AWaV6VXHasF0FnaB60WdCOeTZ8eTIDikL4zlN16c8NAs"], "kes: invalid API key: unsupported type" },
        { ["MINIO_KES_KEY_FILE", "/nonexistent/k.pem", "KES_CLIENT_CERT", "/nonexistent/c.pem"], "open /nonexistent/c.pem: no such file or directory" },
    };

    [Theory]
    [MemberData(nameof(CredentialErrors))]
    public async Task Credential_problems_are_reported_in_upstream_order_with_exit_1(string[] variables, string message)
    {
        var environment = new Dictionary<string, string> { ["KES_SERVER"] = fixture.Endpoint };
        for (var i = 0; i < variables.Length; i += 2)
        {
            environment[variables[i]] = variables[i + 1];
        }

        var result = await CliRunner.RunAsync(environment, "key", "ls", "-k");
        Assert.Equal(new CliResult(1, string.Empty, $"Error: {message}\n"), result);
    }

    [Fact]
    public async Task The_first_set_variable_wins_for_each_setting()
    {
        var environment = new Dictionary<string, string>
        {
            ["MINIO_KES_SERVER"] = fixture.Endpoint,
            ["KES_SERVER"] = "127.0.0.1:1",
            ["MINIO_KES_API_KEY"] = fixture.AdminKey.Reveal(),
            ["KES_API_KEY"] = "kes:v1:broken",
        };
        Assert.Equal(0, (await CliRunner.RunAsync(environment, "key", "ls", "-k")).ExitCode);
    }

    [Theory]
    [InlineData("http://{0}")]
    [InlineData("https://{0}")]
    [InlineData(" {0} ")]
    [InlineData("127.0.0.1:1,{0}")]
    public async Task Endpoints_are_normalised_to_https_and_a_dead_one_is_skipped(string format)
    {
        var environment = fixture.ApiKeyEnvironment;
        environment["KES_SERVER"] = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, fixture.Endpoint);
        var result = await CliRunner.RunAsync(environment, "key", "create", "endpoint-" + Math.Abs(format.GetHashCode(StringComparison.Ordinal)), "-k");
        Assert.Equal(new CliResult(0, string.Empty, string.Empty), result);
    }

    [Fact]
    public async Task An_unreachable_server_fails_with_exit_1()
    {
        var environment = fixture.ApiKeyEnvironment;
        environment["KES_SERVER"] = "127.0.0.1:1";
        var result = await CliRunner.RunAsync(environment, "key", "create", "never", "-k");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Error: failed to create key \"never\": Post \"https://127.0.0.1:1/v1/key/create/never\": ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_insecure_the_self_signed_server_certificate_is_rejected()
    {
        var result = await CliRunner.RunAsync(fixture.ApiKeyEnvironment, "key", "ls");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("x509: certificate signed by unknown authority", result.Error, StringComparison.Ordinal);
    }
}
