using Kes.Infrastructure.Configuration;
using Kes.Infrastructure.KeyStores.FileSystem;
using static Kes.PropertyTests.Configuration.ConfigFixture;

namespace Kes.PropertyTests.Configuration;

/// <summary>docs/config.md §2: <c>${VAR}</c> references.</summary>
public class EnvironmentExpansionTests
{
    [Fact]
    public void A_whole_value_reference_is_replaced_by_the_variable() =>
        Assert.Equal("from-env", Load(Yaml(admin: "admin:\n  identity: ${KES_ADMIN}\n"), ("KES_ADMIN", "from-env")).AdminIdentity);

    [Theory]
    [InlineData("\"  ${ KES_ADMIN }  \"")]
    [InlineData("\"${KES_ADMIN }\"")]
    [InlineData("'\t${\tKES_ADMIN}'")]
    public void Whitespace_around_the_reference_and_the_name_is_trimmed(string value) =>
        Assert.Equal("from-env", Load(Yaml(admin: $"admin:\n  identity: {value}\n"), ("KES_ADMIN", "from-env")).AdminIdentity);

    [Theory]
    [InlineData("prefix-${KES_ADMIN}")]
    [InlineData("${KES_ADMIN}-suffix")]
    [InlineData("$KES_ADMIN")]
    [InlineData("${KES_ADMIN")]
    public void A_partial_reference_stays_literal(string value) =>
        Assert.Equal(value, Load(Yaml(admin: $"admin:\n  identity: {value}\n"), ("KES_ADMIN", "from-env")).AdminIdentity);

    [Fact]
    public void A_missing_variable_is_reported_with_the_line_of_the_value() =>
        Assert.Equal(
            "kesconf: referenced env. variable 'KES_NOT_SET' in line '5' not found",
            Error(Yaml(tls: "tls:\n  key: k\n  cert: ${KES_NOT_SET}\n")));

    [Fact]
    public void An_empty_reference_names_the_empty_variable_which_never_exists() =>
        Assert.Equal("kesconf: referenced env. variable '' in line '2' not found", Error(Yaml(admin: "admin:\n  identity: ${ }\n")));

    [Fact]
    public void An_empty_variable_is_a_valid_value()
    {
        var config = Load(Yaml(tls: "tls:\n  key: k\n  cert: c\n  password: ${KES_PASSWORD}\n"), ("KES_PASSWORD", string.Empty));
        Assert.Equal(string.Empty, config.Tls.Password);
    }

    [Fact]
    public void An_empty_variable_for_a_required_field_fails_that_field() =>
        Assert.Equal("kesconf: invalid admin identity: no admin identity", Error(Yaml(admin: "admin:\n  identity: ${KES_ADMIN}\n"), ("KES_ADMIN", string.Empty)));

    [Fact]
    public void List_elements_are_expanded_one_by_one()
    {
        var yaml = Yaml(extra: "policy:\n  app:\n    identities:\n    - ${APP_ONE}\n    - literal\n    - \" ${APP_TWO} \"\n");
        var config = Load(yaml, ("APP_ONE", "one"), ("APP_TWO", "two"));
        Assert.Equal(["one", "literal", "two"], config.Policies["app"].Identities);
    }

    [Fact]
    public void Allow_and_deny_patterns_are_never_expanded()
    {
        var config = Load(Yaml(extra: "policy:\n  app:\n    allow: [\"${NOT_SET}\"]\n    deny: [\"${NOT_SET}\"]\n"));
        Assert.Equal(["${NOT_SET}"], config.Policies["app"].Allow);
        Assert.Equal(["${NOT_SET}"], config.Policies["app"].Deny);
    }

    [Fact]
    public void Every_env_field_of_the_main_sections_is_expanded()
    {
        var yaml = "address: ${A}\nadmin:\n  identity: ${B}\ntls:\n  key: ${C}\n  cert: ${D}\n  password: ${E}\n  auth: ${F}\n  ca: ${G}\n"
            + "  proxy:\n    identities: [\"${H}\"]\n    header:\n      cert: ${I}\n"
            + "cache:\n  expiry:\n    any: ${J}\n    unused: ${K}\n    offline: ${L}\n"
            + "log:\n  error: ${M}\n  audit: ${N}\napi:\n  /v1/ready:\n    skip_auth: ${O}\n    timeout: ${P}\n"
            + "keys:\n  - name: ${Q}\nkeystore:\n  fs:\n    path: ${R}\n";
        var config = Load(
            yaml,
            ("A", "127.0.0.1:7000"), ("B", "admin"), ("C", "key.pem"), ("D", "cert.pem"), ("E", "secret"), ("F", "on"), ("G", "ca.pem"),
            ("H", "proxy"), ("I", "X-Cert"), ("J", "1m"), ("K", "2m"), ("L", "3m"), ("M", "warn"), ("N", "off"), ("O", "yes"),
            ("P", "7s"), ("Q", "my-key"), ("R", "/keys"));
        Assert.Equal("127.0.0.1:7000", config.Address);
        Assert.Equal("admin", config.AdminIdentity);
        Assert.Equal(
            new TlsConfig("key.pem", "cert.pem", "secret", TlsAuthMode.On, "ca.pem", config.Tls.ProxyIdentities, "X-Cert"),
            config.Tls);
        Assert.Equal(["proxy"], config.Tls.ProxyIdentities);
        Assert.Equal(new CacheConfig(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(3)), config.Cache);
        Assert.Equal(new LogConfig(4, 9), config.Log);
        Assert.Equal(new ApiRouteConfig(true, TimeSpan.FromSeconds(7)), config.Api["/v1/ready"]);
        Assert.Equal(["my-key"], config.Keys);
        Assert.Equal(new FsKeyStoreConfig("/keys"), config.KeyStore);
    }

    [Fact]
    public void A_duration_from_a_variable_is_parsed() =>
        Assert.Equal(TimeSpan.FromMinutes(5), Load(Yaml(extra: "cache:\n  expiry:\n    unused: ${D}\n"), ("D", "5m")).Cache.Unused);

    [Fact]
    public void A_number_from_a_variable_keeps_the_string_tag_and_is_no_duration() =>
        Assert.Equal(
            "yaml: unmarshal errors:\n  line 8: cannot unmarshal !!str `5` into time.Duration",
            Error(Yaml(extra: "cache:\n  expiry:\n    any: ${D}\n"), ("D", "5")));

    [Theory]
    [InlineData("on", true)]
    [InlineData("YES", true)]
    [InlineData("y", true)]
    [InlineData("true", true)]
    [InlineData("off", false)]
    [InlineData("No", false)]
    [InlineData("N", false)]
    [InlineData("false", false)]
    public void A_bool_from_a_variable_accepts_the_yaml_words_and_true_false(string value, bool expected) =>
        Assert.Equal(expected, Load(Yaml(extra: "api:\n  /v1/ready:\n    skip_auth: ${B}\n"), ("B", value)).Api["/v1/ready"].SkipAuth);

    [Fact]
    public void A_bool_variable_that_is_no_bool_word_is_a_type_error() =>
        Assert.Equal(
            "yaml: unmarshal errors:\n  line 8: cannot unmarshal !!str `maybe` into bool",
            Error(Yaml(extra: "api:\n  /v1/ready:\n    skip_auth: ${B}\n"), ("B", "maybe")));
}
