using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kes.Api.Cli.Server;

namespace Kes.IntegrationTests.Server;

/// <summary>Every config error of docs/config.md §5 and the startup checks after it surface from <c>kes server --config</c> as one <c>Error: &lt;message&gt;</c> line and exit code 1 (run in-process; <see cref="ServerProcessTests"/> runs the executable).</summary>
public sealed class ConfigErrorTests : IDisposable
{
    private const string Admin = "c84cd6a9e8e7d6b6e7f8c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1";

    private static readonly Dictionary<string, (Func<ConfigFolder, string> Yaml, Func<ConfigFolder, string> Message)> Cases = new()
    {
        ["version"] = (f => "version: v2\n" + Valid(f), _ => "edge: invalid server config version 'v2'"),
        ["no admin"] = (f => Valid(f, admin: string.Empty), _ => "kesconf: invalid admin identity: no admin identity"),
        ["no tls key"] = (f => Valid(f, tls: "tls:\n  cert: c.pem\n"), _ => "kesconf: invalid tls config: no private key"),
        ["no tls cert"] = (f => Valid(f, tls: "tls:\n  key: k.pem\n"), _ => "kesconf: invalid tls config: no certificate"),
        ["tls auth"] = (f => Valid(f, tls: f.TlsSection + "  auth: maybe\n"), _ => "kesconf: invalid tls config: invalid auth '{ maybe}'"),
        ["proxy is admin"] = (f => Valid(f, tls: f.TlsSection + $"  proxy:\n    identities: [{Admin}]\n"), _ => $"kesconf: invalid tls proxy: identity '{Admin}' is already admin"),
        ["policy member is admin"] = (f => Valid(f, extra: $"policy:\n  ops:\n    identities: [{Admin}]\n"), _ => $"kesconf: invalid policy 'ops': identity '{Admin}' is already admin"),
        ["cache any"] = (f => Valid(f, extra: "cache:\n  expiry:\n    any: -5m\n"), _ => "kesconf: invalid cache expiry '-5m0s'"),
        ["cache unused"] = (f => Valid(f, extra: "cache:\n  expiry:\n    unused: -1.5s\n"), _ => "kesconf: invalid cache unused expiry '-1.5s'"),
        ["cache offline"] = (f => Valid(f, extra: "cache:\n  expiry:\n    offline: -1ns\n"), _ => "kesconf: invalid offline cache expiry '-1ns'"),
        ["log error"] = (f => Valid(f, extra: "log:\n  error: verbose\n"), _ => "strconv.Atoi: parsing \"VERBOSE\": invalid syntax"),
        ["log audit"] = (f => Valid(f, extra: "log:\n  audit: INFO+x\n"), _ => "kesconf: invalid log level suffix 'X': strconv.Atoi: parsing \"X\": invalid syntax"),
        ["api timeout"] = (f => Valid(f, extra: "api:\n  /v1/status:\n    timeout: -1s\n"), _ => "kesconf: invalid timeout '-1000000000' for API '/v1/status'"),
        ["duplicate keys"] = (f => Valid(f, extra: "keys:\n  - name: a\n  - name: b\n  - name: a\n"), _ => "kesconf: invalid key config: key 'a' is defined multiple times"),
        ["no keystore"] = (f => Valid(f, keystore: string.Empty), _ => "kesconf: no keystore specified"),
        ["two keystores"] = (f => Valid(f, keystore: $"keystore:\n  fs:\n    path: {f.KeysFolder}\n  vault:\n    endpoint: https://127.0.0.1:8200\n"), _ => "kesconf: invalid keystore config: more than once keystore specified"),
        ["unsupported keystore"] = (f => Valid(f, keystore: "keystore:\n  azure:\n    keyvault:\n      endpoint: https://127.0.0.1:8443\n"), _ => "the azure.keyvault keystore is not supported by Kes.NET yet; use fs, vault or aws.secretsmanager"),
        ["fs without path"] = (f => Valid(f, keystore: "keystore:\n  fs: {}\n"), _ => "kesconf: invalid fs keystore: no path specified"),
        ["unset variable"] = (f => Valid(f, admin: "admin:\n  identity: ${KES_TEST_SURELY_UNSET}\n"), _ => "kesconf: referenced env. variable 'KES_TEST_SURELY_UNSET' in line '3' not found"),
        ["integer duration"] = (f => Valid(f, extra: "cache:\n  expiry:\n    any: 5\n"), _ => "yaml: unmarshal errors:\n  line 9: cannot unmarshal !!int `5` into time.Duration"),
        ["host name address"] = (f => Valid(f, address: "localhost:7373"), _ => "'localhost' is not a valid IP address"),
        ["missing certificate file"] = (f => Valid(f, tls: $"tls:\n  key: {f.Path}/server.key\n  cert: {f.Path}/absent.cert\n"), f => $"failed to read TLS certificate: open {f.Path}/absent.cert: no such file or directory"),
        ["certificate without san"] = (f => Valid(f, tls: WithoutSan(f)), _ => "invalid TLS certificate: certificate does not contain any DNS or IP address as SAN"),
        ["policy name"] = (f => Valid(f, extra: "policy:\n  a.b:\n    allow: [/v1/status]\n"), _ => "kes: policy name 'a.b' is empty, too long or contains invalid characters"),
        ["policy identity"] = (f => Valid(f, extra: "policy:\n  ops:\n    identities: [x.y]\n"), _ => "kes: identity 'x.y' is empty, too long or contains invalid characters"),
        ["identity in two policies"] = (f => Valid(f, extra: "policy:\n  p:\n    identities: [abc]\n  q:\n    identities: [abc]\n"), _ => "kes: cannot assign policy 'q' to 'abc': identity already has a policy"),
        ["fs path is a file"] = (f => Valid(f, keystore: $"keystore:\n  fs:\n    path: {f.WriteFile("plain-file", "x")}\n"), f => $"fs: '{f.Path}/plain-file' is not a directory"),
        ["empty file"] = (_ => string.Empty, _ => "EOF"),
    };

    private readonly ConfigFolder _folder = ConfigFolder.Create();

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_config_error_is_one_error_line_and_exit_code_1(string name)
    {
        var (yaml, message) = Cases[name];
        var (exit, stdout, stderr) = await RunAsync(new ServerOptions(null, _folder.Write(yaml(_folder)), false, "kes-data", false));
        Assert.Equal("Error: " + message(_folder) + "\n", stderr);
        Assert.Equal(1, exit);
        Assert.DoesNotContain("up and running", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_config_file_reports_the_open_error()
    {
        var missing = Path.Combine(_folder.Path, "absent.yml");
        var (exit, _, stderr) = await RunAsync(new ServerOptions(null, missing, false, "kes-data", false));
        Assert.Equal($"Error: open {missing}: no such file or directory\n", stderr);
        Assert.Equal(1, exit);
    }

    [Fact]
    public async Task Config_and_dev_together_are_refused()
    {
        var (exit, _, stderr) = await RunAsync(new ServerOptions(null, _folder.Write(Valid(_folder)), true, "kes-data", false));
        Assert.Equal("Error: '--config' flag is not supported in development mode\n", stderr);
        Assert.Equal(1, exit);
    }

    public void Dispose() => _folder.Dispose();

    private static string Valid(ConfigFolder folder, string? admin = null, string? tls = null, string? keystore = null, string extra = "", string address = "127.0.0.1:0") =>
        $"address: {address}\n"
        + (admin ?? $"admin:\n  identity: {Admin}\n")
        + (tls ?? folder.TlsSection)
        + extra
        + (keystore ?? $"keystore:\n  fs:\n    path: {folder.KeysFolder}\n");

    private static string WithoutSan(ConfigFolder folder)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=no-san", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var cert = folder.WriteFile("nosan.cert", certificate.ExportCertificatePem());
        var pem = folder.WriteFile("nosan.key", key.ExportPkcs8PrivateKeyPem());
        return $"tls:\n  key: {pem}\n  cert: {cert}\n";
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(ServerOptions options)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var exit = await ServerRunner.RunAsync(options, stdout, stderr, stop.Token);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
