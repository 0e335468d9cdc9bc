using Kes.Credentials.Certificates;
using Kes.Credentials.Keys;
using Kes.IntegrationTests.Client;
using Kes.IntegrationTests.Server;

namespace Kes.IntegrationTests.Cli;

public sealed class KeyFileTests : IDisposable
{
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("kes-keyfile-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task An_encrypted_ed25519_key_file_from_identity_new_authenticates_over_bouncycastle_tls()
    {
        var keyFile = Path.Combine(_directory, "client.key");
        var certFile = Path.Combine(_directory, "client.crt");
        var created = await CliRunner.RunAsync(NoEnvironment, terminal: false, password: _ => "correct horse", "identity", "new", "--key", keyFile, "--cert", certFile, "--encrypt");
        Assert.Equal(0, created.ExitCode);
        var pem = File.ReadAllText(keyFile);
        Assert.Contains("Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,", pem, StringComparison.Ordinal);

        var identity = CertificateIdentity.Of(System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(certFile)).RawData);
        using var admin = ApiKey.Generate();
        await using var server = await KesTestServer.StartAsync(TestAccess.With(admin.Identity, identity));
        var environment = new Dictionary<string, string>
        {
            ["KES_SERVER"] = server.BaseAddress.Authority,
            ["MINIO_KES_CERT_FILE"] = certFile,
            ["MINIO_KES_KEY_FILE"] = keyFile,
        };
        var prompts = new List<string>();
        var info = await CliRunner.RunAsync(environment, terminal: false, password: prompt => { prompts.Add(prompt); return "correct horse"; }, "identity", "info", "-k");
        Assert.Equal(0, info.ExitCode);
        Assert.StartsWith("Identity    " + identity.Value, info.Out, StringComparison.Ordinal);
        Assert.Contains("Policy      app\n", info.Out, StringComparison.Ordinal);
        Assert.Equal(["Enter password for private key: "], prompts);

        var wrong = await CliRunner.RunAsync(environment, terminal: false, password: _ => "battery staple", "key", "ls", "-k");
        Assert.Equal(new CliResult(1, string.Empty, "Error: incorrect password\n"), wrong);
    }

    [Fact]
    public async Task Mismatched_password_confirmation_writes_nothing()
    {
        var answers = new Queue<string>(["one", "two"]);
        var keyFile = Path.Combine(_directory, "k.pem");
        var result = await CliRunner.RunAsync(NoEnvironment, terminal: false, password: _ => answers.Dequeue(), "identity", "new", "--key", keyFile, "--cert", Path.Combine(_directory, "c.pem"), "--encrypt");
        Assert.Equal(new CliResult(1, string.Empty, "Error: passwords don't match\n"), result);
        Assert.False(File.Exists(keyFile));
    }
}
