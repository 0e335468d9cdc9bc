using Kes.Infrastructure.Configuration;
using Kes.Infrastructure.KeyStores.FileSystem;
using static Kes.PropertyTests.Configuration.ConfigFixture;

namespace Kes.PropertyTests.Configuration;

public class ConfigFileLoadTests
{
    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("\n   \n")]
    public void A_file_without_a_document_fails_with_EOF(string yaml) => Assert.Equal("EOF", Error(yaml));

    [Fact]
    public void A_missing_file_reports_the_open_error()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kes-missing-{Guid.NewGuid():N}.yml");
        var e = Assert.Throws<ConfigException>(() => ConfigFile.Load(path, Lookup()));
        Assert.Equal($"open {path}: no such file or directory", e.Message);
    }

    [Fact]
    public void A_directory_given_as_the_file_reports_the_read_error()
    {
        var path = Directory.CreateTempSubdirectory("kes-config-dir").FullName;
        try
        {
            var e = Assert.Throws<ConfigException>(() => ConfigFile.Load(path, Lookup()));
            Assert.Equal($"read {path}: is a directory", e.Message);
        }
        finally
        {
            Directory.Delete(path);
        }
    }

    [Theory]
    [InlineData("v2", "edge: invalid server config version 'v2'")]
    [InlineData("1", "edge: invalid server config version '1'")]
    [InlineData("V1", "edge: invalid server config version 'V1'")]
    [InlineData("\"${KES_VERSION}\"", "edge: invalid server config version '${KES_VERSION}'")]
    public void A_version_other_than_v1_is_rejected_before_anything_else(string version, string message) =>
        Assert.Equal(message, Error($"version: {version}\nkeystore: {{}}\n", ("KES_VERSION", "v1")));

    [Fact]
    public void A_non_scalar_version_is_rejected_with_its_line() =>
        Assert.Equal("kesconf: invalid config version at line '2'", Error("version:\n  - v1\n" + Yaml()));

    [Theory]
    [InlineData("version: v1\n")]
    [InlineData("version:\n")]
    [InlineData("")]
    public void Version_v1_or_no_version_loads(string version) => Assert.Equal(Admin, Load(version + Yaml()).AdminIdentity);

    [Theory]
    [InlineData("---\n")]
    [InlineData("~\n")]
    public void An_empty_document_decodes_to_nothing_and_fails_validation(string yaml) =>
        Assert.Equal("kesconf: invalid admin identity: no admin identity", Error(yaml));

    [Fact]
    public void Only_the_first_document_is_used() =>
        Assert.Equal(Admin, Load(Yaml() + "---\nthis: [is: broken\n").AdminIdentity);

    [Fact]
    public void Unknown_keys_are_ignored_at_every_level()
    {
        var yaml = "root: 3ecfcdf38fcbe141ae26a1030f81e96b753365a46760ae6b578698a97c59fd22\n"
            + "proxy:\n  identities: []\n"
            + "admin:\n  identity: " + Admin + "\n  color: blue\n"
            + "tls:\n  key: k\n  cert: c\n  ciphers: [x]\n"
            + "cache:\n  expiry:\n    all: 5m\n"
            + "keystore:\n  fs:\n    path: ./keys\n    mode: 0700\n  encryptedfs:\n    path: x\n";
        var config = Load(yaml);
        Assert.Equal(new FsKeyStoreConfig("./keys"), config.KeyStore);
    }

    [Theory]
    [InlineData("root: abc\nkeystore:\n  fs:\n    path: ./keys\n", "kesconf: invalid admin identity: no admin identity")]
    [InlineData("admin:\n  identity: abc\ntls:\n  key: k\n  cert: c\nkeys:\n  fs:\n    path: ./keys\n", "yaml: unmarshal errors:\n  line 7: cannot unmarshal !!map into []struct { Name kesconf.env[string] }")]
    [InlineData("admin:\n  identity: abc\ntls:\n  key: k\n  cert: c\nkeys:\n  - name: a\n", "kesconf: no keystore specified")]
    public void Older_config_formats_fail_on_the_keys_they_lack(string yaml, string message) => Assert.Equal(message, Error(yaml));

    [Fact]
    public void A_yaml_syntax_error_is_reported_with_its_line() =>
        Assert.StartsWith("yaml: line 2: ", Error("admin:\n  identity: a: b\n"), StringComparison.Ordinal);

    [Fact]
    public void A_repeated_key_is_reported_with_both_lines() =>
        Assert.Equal(
            "yaml: unmarshal errors:\n  line 5: mapping key \"tls\" already defined at line 3",
            Error(AdminSection + "tls:\n  key: k\ntls:\n  cert: c\n" + KeyStoreSection));

    [Theory]
    [InlineData("hello\n", "yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `hello` into kesconf.ymlFile")]
    [InlineData("- a\n- b\n", "yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into kesconf.ymlFile")]
    public void A_document_that_is_not_a_mapping_is_a_type_error(string yaml, string message) => Assert.Equal(message, Error(yaml));

    [Fact]
    public void Every_type_error_is_reported_in_document_order()
    {
        var yaml = Yaml(extra: "cache:\n  expiry:\n    any: 5\n    unused: 1.5\napi:\n  /v1/status:\n    skip_auth: 1\n    timeout: [1s]\n");
        Assert.Equal(
            "yaml: unmarshal errors:\n"
            + "  line 8: cannot unmarshal !!int `5` into time.Duration\n"
            + "  line 9: cannot unmarshal !!float `1.5` into time.Duration\n"
            + "  line 12: cannot unmarshal !!int `1` into bool\n"
            + "  line 13: cannot unmarshal !!seq into time.Duration",
            Error(yaml));
    }

    [Fact]
    public void Anchors_and_merge_keys_are_resolved()
    {
        var yaml = Yaml(extra: "policy:\n  base: &base\n    allow: [/v1/key/create/*]\n    deny: [/v1/key/delete/*]\n"
            + "  app:\n    <<: *base\n    allow: [/v1/status]\n    identities: [abc]\n");
        var app = Load(yaml).Policies["app"];
        Assert.Equal(["/v1/status"], app.Allow);
        Assert.Equal(["/v1/key/delete/*"], app.Deny);
        Assert.Equal(["abc"], app.Identities);
    }

    [Fact]
    public void Parse_gives_the_same_result_as_Load_for_the_same_text()
    {
        var yaml = Yaml(extra: "address: 127.0.0.1:7000\n");
        Assert.Equal(Load(yaml).Address, ConfigFile.Parse(yaml, Lookup()).Address);
    }
}
