using Kes.Infrastructure.Configuration;
using Kes.Infrastructure.KeyStores;
using Kes.Infrastructure.KeyStores.Aws;
using Kes.Infrastructure.KeyStores.FileSystem;
using Kes.Infrastructure.KeyStores.Vault;
using static Kes.PropertyTests.Configuration.ConfigFixture;

namespace Kes.PropertyTests.Configuration;

/// <summary>docs/config.md §4.9: exactly one backend, the "present" rule, each backend's required fields, and the backends Kes.NET names but does not implement.</summary>
public class KeyStoreConfigTests
{
    private const string NotSupported = " keystore is not supported by Kes.NET yet; use fs, vault or aws.secretsmanager";

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
    }

    [Fact]
    public void Aws_without_credentials_uses_the_default_chain()
    {
        var aws = Assert.IsType<AwsSecretsManagerConfig>(Load(KeyStore("  aws:\n    secretsmanager:\n      endpoint: e\n      region: r\n")).KeyStore);
        Assert.True(aws.UsesDefaultCredentials);
    }

    [Fact]
    public void Vault_captures_every_field_and_an_inline_JWT_is_masked_when_printed()
    {
        var config = Load(KeyStore(
            "  vault:\n    endpoint: https://vault:8200\n    engine: secrets\n    version: v2\n    namespace: ns1\n    prefix: tenant\n"
            + "    transit:\n      engine: tr\n      key: wrap\n    kubernetes:\n      engine: k8s\n      namespace: /\n      role: kes\n      jwt: ${JWT}\n"
            + "    tls:\n      key: c.key\n      cert: c.crt\n      ca: ca.pem\n    status:\n      ping: 3s\n"),
            ("JWT", "eyJhbGciOi.inline.jwt"));
        var vault = Assert.IsType<VaultKeyStoreConfig>(config.KeyStore);
        Assert.Equal(
            new VaultKeyStoreConfig("https://vault:8200", "secrets", "v2", "ns1", "tenant", null, new VaultKubernetesConfig("k8s", "/", "kes", "eyJhbGciOi.inline.jwt"),
                new VaultTransitConfig("tr", "wrap"), "c.key", "c.crt", "ca.pem", TimeSpan.FromSeconds(3)),
            vault);
        Assert.DoesNotContain("eyJhbGciOi", vault.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Vault_defaults_are_kv_v1_and_a_15s_ping_and_the_approle_secret_is_masked_when_printed()
    {
        var vault = Assert.IsType<VaultKeyStoreConfig>(Load(KeyStore("  vault:\n    endpoint: e\n    approle:\n      id: i\n      secret: very-secret\n")).KeyStore);
        Assert.Equal(("kv", "v1", TimeSpan.FromSeconds(15)), (vault.EffectiveEngine, vault.EffectiveApiVersion, vault.EffectiveStatusPing));
        Assert.DoesNotContain("very-secret", vault.ToString(), StringComparison.Ordinal);
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
    }

    public static TheoryData<string, string> BackendFaults => new()
    {
        { "  aws:\n    secretsmanager:\n      region: r\n", "kesconf: invalid AWS secretsmanager keystore: no endpoint specified" },
        { "  aws:\n    secretsmanager:\n      endpoint: e\n", "kesconf: invalid AWS secretsmanager keystore: no region specified" },
        { "  vault: {}\n", "kesconf: invalid vault keystore: no endpoint specified" },
        { "  vault:\n    endpoint: v\n", "kesconf: invalid vault keystore: no authentication method specified" },
        { "  vault:\n    endpoint: v\n    approle:\n", "kesconf: invalid vault keystore: no authentication method specified" },
        { "  vault:\n    endpoint: v\n    approle: {}\n    kubernetes: {}\n", "kesconf: invalid vault keystore: more than one authentication method specified" },
        { "  vault:\n    endpoint: v\n    approle: {secret: s}\n", "kesconf: invalid vault keystore: invalid approle config: no approle ID specified" },
        { "  vault:\n    endpoint: v\n    approle: {id: i}\n", "kesconf: invalid vault keystore: invalid approle config: no approle secret specified" },
        { "  vault:\n    endpoint: v\n    kubernetes: {role: r}\n", "kesconf: invalid vault keystore: invalid kubernetes config: no JWT specified" },
        { "  vault:\n    endpoint: v\n    kubernetes:\n      jwt: /nonexistent/kes/jwt\n", "kesconf: failed to read vault kubernetes JWT from '/nonexistent/kes/jwt': open /nonexistent/kes/jwt: no such file or directory" },
        { "  vault:\n    endpoint: v\n    approle: {id: i, secret: s}\n    transit: {}\n", "kesconf: invalid vault keystore: invalid transit config: no key name specified" },
        { "  vault:\n    endpoint: v\n    approle: {id: i, secret: s}\n    tls: {key: k}\n", "kesconf: invalid vault keystore: invalid tls config: no TLS certificate provided" },
        { "  vault:\n    endpoint: v\n    approle: {id: i, secret: s}\n    tls: {cert: c}\n", "kesconf: invalid vault keystore: invalid tls config: no TLS private key provided" },
    };

    [Theory]
    [MemberData(nameof(BackendFaults))]
    public void Each_backend_reports_its_missing_fields_with_upstream_messages(string body, string message) =>
        Assert.Equal(message, Error(KeyStore(body)));

    [Theory]
    [InlineData("  fortanix:\n    sdkms:\n      endpiont: https://sdkms\n", "fortanix.sdkms")]
    [InlineData("  gemalto:\n    keysecure: {}\n", "gemalto.keysecure")]
    [InlineData("  gcp:\n    secretmanager:\n      project_id: [not, a, string]\n", "gcp.secretmanager")]
    [InlineData("  azure:\n    keyvault:\n      endpoint: ${KES_TEST_SURELY_UNSET}\n", "azure.keyvault")]
    [InlineData("  entrust:\n    keycontrol:\n      endpoint: https://kc\n", "entrust.keycontrol")]
    public void A_backend_Kes_NET_does_not_implement_is_refused_by_name_whatever_its_fields(string body, string name) =>
        Assert.Equal("the " + name + NotSupported, Error(KeyStore(body)));

    [Theory]
    [InlineData("  hashicorp:\n    endpoint: v\n")]
    [InlineData("  aws:\n    secretmanager:\n      endpoint: e\n      region: r\n")]
    [InlineData("  Vault:\n    endpoint: v\n")]
    public void An_unknown_backend_name_is_ignored_as_upstream_ignores_unknown_keys(string body)
    {
        Assert.Equal("kesconf: no keystore specified", Error(KeyStore(body)));
        Assert.Equal(new FsKeyStoreConfig("./keys"), Load(KeyStore("  fs:\n    path: ./keys\n" + body)).KeyStore);
    }

    [Fact]
    public void The_registry_lists_upstreams_backends_in_its_check_order() =>
        Assert.Equal(
            ["fs", "vault", "fortanix.sdkms", "gemalto.keysecure", "gcp.secretmanager", "aws.secretsmanager", "azure.keyvault", "entrust.keycontrol"],
            KeyStoreRegistry.Backends.Select(backend => backend.Path));

    public static TheoryData<string> RegisteredPaths => [.. KeyStoreRegistry.Backends.Select(backend => backend.Path)];

    [Theory]
    [MemberData(nameof(RegisteredPaths))]
    public void Each_registered_path_is_found_where_it_names_and_read_by_its_backend(string path)
    {
        var section = Section(path);
        var alone = Error(KeyStore(section));
        if (KeyStoreRegistry.Backends.Single(backend => backend.Path == path).Decode is null)
        {
            Assert.Equal("the " + path + NotSupported, alone);
        }
        else
        {
            // An empty section reaches the backend's own validation, so the backend decoded it.
            Assert.StartsWith("kesconf: invalid ", alone, StringComparison.Ordinal);
        }

        // fs comes first in the check order, so beside a valid fs the section counts as a second backend.
        if (path != "fs")
        {
            Assert.Equal("kesconf: invalid keystore config: more than once keystore specified", Error(KeyStore("  fs:\n    path: ./keys\n" + section)));
        }
    }

    [Fact]
    public void A_missing_variable_inside_the_unimplemented_kes_backend_still_fails() =>
        Assert.Equal(
            "kesconf: referenced env. variable 'KES_ENCLAVE' in line '10' not found",
            Error(KeyStore("  fs:\n    path: ./keys\n  kes:\n    enclave: ${KES_ENCLAVE}\n")));

    // The path as nested mappings under keystore, ending in an empty one: present, with no fields.
    private static string Section(string path)
    {
        var levels = path.Split('.');
        var text = string.Empty;
        for (var depth = 0; depth < levels.Length; depth++)
        {
            text += new string(' ', 2 * (depth + 1)) + levels[depth] + (depth == levels.Length - 1 ? ": {}\n" : ":\n");
        }

        return text;
    }
}
