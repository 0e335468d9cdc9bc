using Kes.Infrastructure.Configuration;
using static Kes.PropertyTests.Configuration.ConfigFixture;

namespace Kes.PropertyTests.Configuration;

/// <summary>config.md §4.9: exactly one backend, the "present" rule, and each backend's required fields.</summary>
public class KeyStoreConfigTests
{
    private static string KeyStore(string body) => Yaml(keystore: "keystore:\n" + body);

    [Theory]
    [InlineData("keystore:\n")]
    [InlineData("keystore: {}\n")]
    [InlineData("keystore:\n  fs:\n")]
    [InlineData("keystore:\n  fs: ~\n")]
    [InlineData("keystore:\n  aws: {}\n")]
    [InlineData("keystore:\n  aws:\n    secretsmanager:\n")]
    [InlineData("keystore:\n  vault:\n  gcp:\n  azure: {}\n")]
    [InlineData("keystore:\n  kes:\n    endpoint: [https://127.0.0.1:7373]\n    enclave: tenant\n")]
    [InlineData("keystore:\n  unknown:\n    path: x\n")]
    public void A_keystore_section_without_a_present_backend_is_no_keystore(string section) =>
        Assert.Equal("kesconf: no keystore specified", Error(Yaml(keystore: section)));

    [Fact]
    public void An_empty_fs_mapping_is_present_and_needs_a_path() =>
        Assert.Equal("kesconf: invalid fs keystore: no path specified", Error(KeyStore("  fs: {}\n")));

    [Fact]
    public void An_fs_mapping_with_only_a_null_path_is_present() =>
        Assert.Equal("kesconf: invalid fs keystore: no path specified", Error(KeyStore("  fs:\n    path:\n")));

    [Theory]
    [InlineData("  fs:\n    path: ./keys\n  aws:\n    secretsmanager:\n      endpoint: e\n      region: r\n")]
    [InlineData("  aws:\n    secretsmanager: {}\n  vault:\n    endpoint: v\n    approle: {id: i, secret: s}\n")]
    [InlineData("  entrust:\n    keycontrol: {}\n  gemalto:\n    keysecure:\n      endpoint: e\n      credentials:\n        token: t\n")]
    public void Two_present_backends_are_rejected(string body) =>
        Assert.Equal("kesconf: invalid keystore config: more than once keystore specified", Error(KeyStore(body)));

    [Fact]
    public void Fs_is_validated_before_a_second_backend_is_noticed() =>
        Assert.Equal("kesconf: invalid fs keystore: no path specified", Error(KeyStore("  vault:\n    endpoint: v\n  fs: {}\n")));

    [Fact]
    public void A_valid_backend_ignores_an_absent_one()
    {
        var config = Load(KeyStore("  fs:\n  aws:\n    secretsmanager:\n      endpoint: secretsmanager.us-east-1.amazonaws.com\n      region: us-east-1\n"));
        Assert.IsType<AwsSecretsManagerConfig>(config.KeyStore);
    }

    [Fact]
    public void Aws_secrets_manager_captures_every_field()
    {
        var config = Load(KeyStore(
            "  aws:\n    secretsmanager:\n      endpoint: http://127.0.0.1:5000\n      region: us-east-2\n      kmskey: alias/kes\n"
            + "      credentials:\n        accesskey: AKIA\n        secretkey: ${AWS_SECRET}\n        token: tok\n"),
            ("AWS_SECRET", "s3cr3t"));
        var aws = Assert.IsType<AwsSecretsManagerConfig>(config.KeyStore);
        Assert.Equal(new AwsSecretsManagerConfig("http://127.0.0.1:5000", "us-east-2", "alias/kes", "AKIA", "s3cr3t", "tok"), aws);
        Assert.False(aws.UsesDefaultCredentials);
        Assert.Equal("aws.secretsmanager", aws.Kind);
    }

    [Fact]
    public void Aws_without_credentials_uses_the_default_chain()
    {
        var aws = Assert.IsType<AwsSecretsManagerConfig>(Load(KeyStore("  aws:\n    secretsmanager:\n      endpoint: e\n      region: r\n")).KeyStore);
        Assert.True(aws.UsesDefaultCredentials);
    }

    [Fact]
    public void Printed_configs_do_not_show_credentials()
    {
        var aws = new AwsSecretsManagerConfig("e", "r", "k", "AKIA", "very-secret", "session-token");
        var text = aws.ToString();
        Assert.Contains("AKIA", text, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("session-token", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pem-pass", new TlsConfig("k", "c", "pem-pass", TlsAuthMode.Off, string.Empty, [], string.Empty).ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("entrust-pass", new EntrustKeyControlConfig("e", "v", "b", "u", "entrust-pass", string.Empty).ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BackendFaults => new()
    {
        { "  aws:\n    secretsmanager:\n      region: r\n", "kesconf: invalid AWS secretsmanager keystore: no endpoint specified" },
        { "  aws:\n    secretsmanager:\n      endpoint: e\n", "kesconf: invalid AWS secretsmanager keystore: no region specified" },
        { "  vault: {}\n", "kesconf: invalid vault keystore: no endpoint specified" },
        { "  vault:\n    endpoint: v\n", "kesconf: invalid vault keystore: no authentication method specified" },
        { "  vault:\n    endpoint: v\n    approle:\n    kubernetes:\n", "kesconf: invalid vault keystore: no authentication method specified" },
        { "  vault:\n    endpoint: v\n    approle: {}\n    kubernetes: {}\n", "kesconf: invalid vault keystore: more than one authentication method specified" },
        { "  vault:\n    endpoint: v\n    approle: {}\n", "kesconf: invalid vault keystore: invalid approle config: no approle ID specified" },
        { "  vault:\n    endpoint: v\n    approle:\n      id: i\n", "kesconf: invalid vault keystore: invalid approle config: no approle secret specified" },
        { "  vault:\n    endpoint: v\n    kubernetes:\n      role: r\n", "kesconf: invalid vault keystore: invalid kubernetes config: no JWT specified" },
        {
            "  vault:\n    endpoint: v\n    kubernetes:\n      jwt: /nonexistent/kes/jwt\n",
            "kesconf: failed to read vault kubernetes JWT from '/nonexistent/kes/jwt': open /nonexistent/kes/jwt: no such file or directory"
        },
        { "  vault:\n    endpoint: v\n    approle: {id: i, secret: s}\n    transit: {}\n", "kesconf: invalid vault keystore: invalid transit config: no key name specified" },
        { "  vault:\n    endpoint: v\n    approle: {id: i, secret: s}\n    tls:\n      key: k\n", "kesconf: invalid vault keystore: invalid tls config: no TLS certificate provided" },
        { "  vault:\n    endpoint: v\n    approle: {id: i, secret: s}\n    tls:\n      cert: c\n", "kesconf: invalid vault keystore: invalid tls config: no TLS private key provided" },
        { "  fortanix:\n    sdkms: {}\n", "kesconf: invalid fortanix SDKMS keystore: no endpoint specified" },
        { "  fortanix:\n    sdkms:\n      endpoint: e\n", "kesconf: invalid fortanix SDKMS keystore: no API key specified" },
        { "  gemalto:\n    keysecure: {}\n", "kesconf: invalid gemalto keysecure keystore: no endpoint specified" },
        { "  gemalto:\n    keysecure:\n      endpoint: e\n", "kesconf: invalid gemalto keysecure keystore: no token specified" },
        { "  gcp:\n    secretmanager:\n      endpoint: e\n", "kesconf: invalid GCP secretmanager keystore: no project ID specified" },
        { "  azure:\n    keyvault: {}\n", "kesconf: invalid Azure keyvault keystore: no endpoint specified" },
        { "  azure:\n    keyvault:\n      endpoint: e\n      credentials: {}\n      managed_identity: {}\n", "kesconf: invalid Azure keyvault keystore: more than one authentication method specified" },
        { "  azure:\n    keyvault:\n      endpoint: e\n      credentials: {}\n", "kesconf: invalid Azure keyvault keystore: no tenant ID specified" },
        { "  azure:\n    keyvault:\n      endpoint: e\n      credentials: {tenant_id: t}\n", "kesconf: invalid Azure keyvault keystore: no client ID specified" },
        { "  azure:\n    keyvault:\n      endpoint: e\n      credentials: {tenant_id: t, client_id: c}\n", "kesconf: invalid Azure keyvault keystore: no client secret specified" },
        { "  azure:\n    keyvault:\n      endpoint: e\n      managed_identity: {}\n", "kesconf: invalid Azure keyvault keystore: no client ID specified" },
        { "  entrust:\n    keycontrol: {}\n", "kesconf: invalid Entrust KeyControl keystore: no endpoint specified" },
        { "  entrust:\n    keycontrol:\n      endpoint: e\n", "kesconf: invalid Entrust KeyControl keystore: no vault ID specified" },
        { "  entrust:\n    keycontrol:\n      endpoint: e\n      vault_id: v\n", "kesconf: invalid Entrust KeyControl keystore: no box ID specified" },
        { "  entrust:\n    keycontrol:\n      endpoint: e\n      vault_id: v\n      box_id: b\n", "kesconf: invalid Entrust KeyControl keystore: no username specified" },
        {
            "  entrust:\n    keycontrol:\n      endpoint: e\n      vault_id: v\n      box_id: b\n      credentials:\n        username: u\n",
            "kesconf: invalid Entrust KeyControl keystore: no password specified"
        },
    };

    [Theory]
    [MemberData(nameof(BackendFaults))]
    public void Each_backend_reports_its_missing_fields_with_upstream_messages(string body, string message) =>
        Assert.Equal(message, Error(KeyStore(body)));

    [Fact]
    public void A_kubernetes_jwt_file_that_exists_is_accepted()
    {
        var jwt = Path.GetTempFileName();
        try
        {
            var vault = Assert.IsType<VaultKeyStoreConfig>(Load(KeyStore($"  vault:\n    endpoint: v\n    kubernetes:\n      jwt: {jwt}\n")).KeyStore);
            Assert.Equal(jwt, vault.Kubernetes!.Jwt);
        }
        finally
        {
            File.Delete(jwt);
        }
    }

    [Fact]
    public void Vault_captures_every_field()
    {
        var yaml = KeyStore(
            "  vault:\n    endpoint: https://vault:8200\n    engine: secrets\n    version: v2\n    namespace: ns\n    prefix: kes\n"
            + "    transit:\n      engine: tr\n      key: wrap\n    approle:\n      engine: ar\n      namespace: root\n      id: role-id\n      secret: role-secret\n"
            + "    tls:\n      key: c.key\n      cert: c.cert\n      ca: ca.pem\n    status:\n      ping: 10s\n");
        var vault = Assert.IsType<VaultKeyStoreConfig>(Load(yaml).KeyStore);
        Assert.Equal(
            new VaultKeyStoreConfig(
                "https://vault:8200", "secrets", "v2", "ns", "kes", new VaultAppRoleConfig("ar", "root", "role-id", "role-secret"), null,
                new VaultTransitConfig("tr", "wrap"), "c.key", "c.cert", "ca.pem", TimeSpan.FromSeconds(10)),
            vault);
    }

    [Fact]
    public void The_other_backends_load_with_their_fields()
    {
        Assert.Equal(
            new FortanixSdkmsConfig("https://sdkms", "g", "key", "ca"),
            Load(KeyStore("  fortanix:\n    sdkms:\n      endpoint: https://sdkms\n      group_id: g\n      credentials:\n        key: key\n      tls:\n        ca: ca\n")).KeyStore);
        Assert.Equal(
            new GemaltoKeySecureConfig("https://ks", "t", "d", "ca"),
            Load(KeyStore("  gemalto:\n    keysecure:\n      endpoint: https://ks\n      credentials:\n        token: t\n        domain: d\n        retry: 15s\n      tls:\n        ca: ca\n")).KeyStore);
        var gcp = Assert.IsType<GcpSecretManagerConfig>(Load(KeyStore(
            "  gcp:\n    secretmanager:\n      project_id: p\n      endpoint: e\n      scopes: [s1, \"${SCOPE}\"]\n"
            + "      credentials:\n        client_email: m\n        client_id: i\n        private_key_id: k\n        private_key: pk\n"), ("SCOPE", "s2")).KeyStore);
        Assert.Equal(["s1", "s2"], gcp.Scopes);
        Assert.Equal(("p", "e", "m", "i", "k", "pk"), (gcp.ProjectId, gcp.Endpoint, gcp.ClientEmail, gcp.ClientId, gcp.PrivateKeyId, gcp.PrivateKey));
        Assert.Equal(
            new AzureKeyVaultConfig("https://kv", new AzureClientCredentials("t", "c", "s"), null),
            Load(KeyStore("  azure:\n    keyvault:\n      endpoint: https://kv\n      credentials:\n        tenant_id: t\n        client_id: c\n        client_secret: s\n")).KeyStore);
        Assert.Equal(
            new AzureKeyVaultConfig("https://kv", null, new AzureManagedIdentity("mi")),
            Load(KeyStore("  azure:\n    keyvault:\n      endpoint: https://kv\n      managed_identity:\n        client_id: mi\n")).KeyStore);
        Assert.Equal(
            new EntrustKeyControlConfig("https://kc", "v", "b", "u", "p", "ca"),
            Load(KeyStore("  entrust:\n    keycontrol:\n      endpoint: https://kc\n      vault_id: v\n      box_id: b\n      credentials:\n        username: u\n        password: p\n      tls:\n        ca: ca\n")).KeyStore);
    }

    [Fact]
    public void A_missing_variable_inside_the_unimplemented_kes_backend_still_fails() =>
        Assert.Equal(
            "kesconf: referenced env. variable 'KES_ENCLAVE' in line '10' not found",
            Error(KeyStore("  fs:\n    path: ./keys\n  kes:\n    enclave: ${KES_ENCLAVE}\n")));
}
