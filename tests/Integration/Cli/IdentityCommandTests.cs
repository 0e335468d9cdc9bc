using System.Security.Cryptography.X509Certificates;
using Kes.Client.Credentials;
using Kes.Credentials.Certificates;
using Kes.Credentials.Keys;

namespace Kes.IntegrationTests.Cli;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class IdentityCommandTests : IDisposable
{
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("kes-identity-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [MemberData(nameof(ApiKeyVectors.Valid), MemberType = typeof(ApiKeyVectors))]
    public async Task Identity_of_an_api_key_matches_the_vectors_without_newline(string apiKey, string identity)
    {
        Assert.Equal(new CliResult(0, identity, string.Empty), await CliRunner.RunAsync(NoEnvironment, "identity", "of", apiKey));
        Assert.Equal(new CliResult(0, identity, string.Empty), await CliRunner.RunAsync(NoEnvironment, "identity", apiKey));
        using var credentials = KesCredentials.FromApiKey(apiKey);
        Assert.Equal(identity, credentials.Identity.Value);
    }

    [Theory]
    [MemberData(nameof(ApiKeyVectors.Invalid), MemberType = typeof(ApiKeyVectors))]
    public async Task Identity_of_a_malformed_api_key_fails(string apiKey, string unused)
    {
        _ = unused;
        var result = await CliRunner.RunAsync(NoEnvironment, "identity", "of", apiKey);
        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Throws<FormatException>(() => KesCredentials.FromApiKey(apiKey));
    }

    [Fact]
    public async Task Identity_of_reads_pem_as_go_does_with_text_around_and_rfc1421_headers()
    {
        using var generated = DevCertificate.CreateClient(CertificateKeyType.Ecdsa);
        var pem = generated.CertificatePem.Replace("-----BEGIN CERTIFICATE-----\n", "-----BEGIN CERTIFICATE-----\nComment: made by a test\n\n", StringComparison.Ordinal);
        var certFile = Path.Combine(_directory, "commented.crt");
        await File.WriteAllTextAsync(certFile, "a note before the block\n" + pem + "\ntrailing text\n");

        var result = await CliRunner.RunAsync(NoEnvironment, "identity", "of", certFile);

        Assert.Equal(new CliResult(0, CertificateIdentity.Of(generated.CertificateDer).Value, string.Empty), result);
    }

    [Fact]
    public async Task Identity_of_on_a_terminal_labels_the_identity()
    {
        var result = await CliRunner.RunAsync(NoEnvironment, terminal: true, password: null, "identity", "of", "kes:v1:AD9E7FSYWrMD+VjhI6q545cYT9YOyFxZb7UnjEepYDRc");
        Assert.Equal("\n  Identity:  3ecfcdf38fcbe141ae26a1030f81e96b753365a46760ae6b578698a97c59fd22\n\n", result.Out);
    }

    [Fact]
    public async Task Bare_identity_prints_a_new_api_key_without_newline()
    {
        var result = await CliRunner.RunAsync(NoEnvironment, "identity");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches("^kes:v1:[A-Za-z0-9+/=]{44}$", result.Out);
        using var key = ApiKey.Parse(result.Out);
        Assert.NotEqual(result.Out, (await CliRunner.RunAsync(NoEnvironment, "identity")).Out);
    }

    [Fact]
    public async Task Identity_new_prints_a_key_whose_identity_it_states()
    {
        var result = await CliRunner.RunAsync(NoEnvironment, "identity", "new");
        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.Split('\n').Select(l => l.Trim()).ToList();
        var key = lines[lines.IndexOf("Your API key:") + 2];
        var identity = lines[lines.IndexOf("Your Identity:") + 2];
        using var parsed = ApiKey.Parse(key);
        Assert.Equal(parsed.Identity.Value, identity);
        Assert.Contains("kes identity of " + key, result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identity_new_writes_an_ed25519_key_and_certificate_with_the_requested_names()
    {
        var keyFile = Path.Combine(_directory, "client.key");
        var certFile = Path.Combine(_directory, "client.crt");
        var result = await CliRunner.RunAsync(NoEnvironment, "identity", "new", "--key", keyFile, "--cert", certFile, "--ip", "10.0.0.1", "--ip", "::1", "--dns", "kes.example", "--expiry", "48h", "my-client");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(certFile));
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----\n", File.ReadAllText(keyFile), StringComparison.Ordinal);

        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certFile));
        Assert.Equal("CN=my-client", certificate.Subject);
        Assert.Equal("1.3.101.112", certificate.GetKeyAlgorithm());
        Assert.InRange(certificate.NotAfter.ToUniversalTime() - certificate.NotBefore.ToUniversalTime(), TimeSpan.FromHours(47.9), TimeSpan.FromHours(48.1));
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value).ToList();
        Assert.Contains("1.3.6.1.5.5.7.3.1", usages);
        Assert.Contains("1.3.6.1.5.5.7.3.2", usages);
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["kes.example"], san.EnumerateDnsNames());
        Assert.Equal(["10.0.0.1", "::1"], san.EnumerateIPAddresses().Select(a => a.ToString()));

        var identity = result.Out.Split('\n').Select(l => l.Trim()).SkipWhile(l => l != "Your Identity:").Skip(2).First();
        Assert.Equal(identity, (await CliRunner.RunAsync(NoEnvironment, "identity", "of", certFile)).Out);
        Assert.Equal(identity, (await CliRunner.RunAsync(NoEnvironment, "identity", certFile)).Out);

        var apiKey = (await CliRunner.RunAsync(NoEnvironment, "identity", keyFile)).Out;
        Assert.Contains(apiKey, result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identity_new_refuses_to_overwrite_without_force()
    {
        var keyFile = Path.Combine(_directory, "k.pem");
        var certFile = Path.Combine(_directory, "c.pem");
        Assert.Equal(0, (await CliRunner.RunAsync(NoEnvironment, "identity", "new", "--key", keyFile, "--cert", certFile)).ExitCode);
        var first = File.ReadAllText(keyFile);
        var again = await CliRunner.RunAsync(NoEnvironment, "identity", "new", "--key", keyFile, "--cert", certFile);
        Assert.Equal(new CliResult(1, string.Empty, "Error: private key already exists. Use --force to overwrite it\n"), again);
        File.Delete(keyFile);
        var certOnly = await CliRunner.RunAsync(NoEnvironment, "identity", "new", "--key", keyFile, "--cert", certFile);
        Assert.Equal("Error: certificate already exists. Use --force to overwrite it\n", certOnly.Error);
        Assert.Equal(0, (await CliRunner.RunAsync(NoEnvironment, "identity", "new", "--key", keyFile, "--cert", certFile, "-f")).ExitCode);
        Assert.NotEqual(first, File.ReadAllText(keyFile));
    }

    [Theory]
    [InlineData(new[] { "--key", "k.pem" }, "private key file specified but no certificate file. Set the '--cert' flag")]
    [InlineData(new[] { "--cert", "c.pem" }, "certificate file specified but no private key file. Set the '--key' flag")]
    [InlineData(new[] { "--ip", "10.0.0.1" }, "'--ip' requires a private key and certificate file. Set the '--cert' and '--key' flag")]
    [InlineData(new[] { "--dns", "a.b" }, "'--dns' requires a private key and certificate file. Set the '--cert' and '--key' flag")]
    [InlineData(new[] { "--expiry", "1h" }, "'--expiry' requires a private key and certificate file. Set the '--cert' and '--key' flag")]
    [InlineData(new[] { "--encrypt" }, "'--encrypt' requires a private key and certificate file. Set the '--cert' and '--key' flag")]
    [InlineData(new[] { "-f" }, "'--force' requires a private key and certificate file. Set the '--cert' and '--key' flag")]
    public async Task Identity_new_flag_errors_use_the_upstream_texts(string[] flags, string message)
    {
        var result = await CliRunner.RunAsync(NoEnvironment, ["identity", "new", .. flags]);
        Assert.Equal(new CliResult(1, string.Empty, $"Error: {message}\n"), result);
    }

    [Fact]
    public async Task Identity_of_a_file_rejects_other_pem_blocks_and_identity_rejects_non_ed25519_keys()
    {
        var keyFile = Path.Combine(_directory, "rsa.key");
        using (var rsa = System.Security.Cryptography.RSA.Create(2048))
        {
            File.WriteAllText(keyFile, rsa.ExportPkcs8PrivateKeyPem());
        }

        Assert.Equal($"Error: '{keyFile}' contains unsupported private key. Only ed25519 private keys are supported\n", (await CliRunner.RunAsync(NoEnvironment, "identity", keyFile)).Error);
        Assert.Equal(1, (await CliRunner.RunAsync(NoEnvironment, "identity", "of", keyFile)).ExitCode);

        var garbage = Path.Combine(_directory, "garbage");
        File.WriteAllText(garbage, "hello");
        Assert.Equal($"Error: '{garbage}' contains no valid PEM certificate or private key\n", (await CliRunner.RunAsync(NoEnvironment, "identity", garbage)).Error);
        Assert.Equal("Error: no API key or certificate specified. See 'kes identity of --help'\n", (await CliRunner.RunAsync(NoEnvironment, "identity", "of")).Error);
    }
}
