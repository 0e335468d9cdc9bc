using Kes.Infrastructure.Configuration;
using static Kes.PropertyTests.Configuration.ConfigFixture;

namespace Kes.PropertyTests.Configuration;

/// <summary>How durations, bools and the api section decode from the file (docs/config.md §3, §4.5, D7).</summary>
public class ConfigValueTests
{
    private static string Cache(string value) => Yaml(extra: $"cache:\n  expiry:\n    any: {value}\n");

    private static string SkipAuth(string value) => Yaml(extra: $"api:\n  /v1/ready:\n    skip_auth: {value}\n");

    [Theory]
    [InlineData("1h30m", 90 * 60 * 1000)]
    [InlineData("300ms", 300)]
    [InlineData("1.5h", 90 * 60 * 1000)]
    [InlineData("5m0s", 5 * 60 * 1000)]
    [InlineData("\"10s\"", 10 * 1000)]
    [InlineData("!!str 10s", 10 * 1000)]
    public void A_Go_duration_string_sets_the_value(string value, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Load(Cache(value)).Cache.Any);

    [Theory]
    [InlineData("250us", 2500)]
    [InlineData("250µs", 2500)]
    [InlineData("100ns", 1)]
    public void Sub_millisecond_durations_keep_their_ticks(string value, long ticks) =>
        Assert.Equal(TimeSpan.FromTicks(ticks), Load(Yaml(extra: $"api:\n  /v1/ready:\n    timeout: {value}\n")).Api["/v1/ready"].Timeout);

    [Theory]
    [InlineData("0", "!!int `0`")]
    [InlineData("5", "!!int `5`")]
    [InlineData("0x10", "!!int `0x10`")]
    [InlineData("1_000", "!!int `1_000`")]
    [InlineData("1.5", "!!float `1.5`")]
    [InlineData("1e3", "!!float `1e3`")]
    [InlineData(".inf", "!!float `.inf`")]
    [InlineData("true", "!!bool `true`")]
    [InlineData("2024-01-12", "!!timestamp `2024-01-12`")]
    [InlineData("\"5\"", "!!str `5`")]
    [InlineData("5 minutes", "!!str `5 minutes`")]
    [InlineData("definitely-not-a-duration", "!!str `definit...`")]
    [InlineData("{}", "!!map")]
    [InlineData("[]", "!!seq")]
    public void Anything_but_a_duration_string_is_a_type_error(string value, string shown) =>
        Assert.Equal($"yaml: unmarshal errors:\n  line 8: cannot unmarshal {shown} into time.Duration", Error(Cache(value)));

    [Theory]
    [InlineData("", 5 * 60)]
    [InlineData("~", 5 * 60)]
    [InlineData("null", 5 * 60)]
    public void A_null_duration_leaves_the_default(string value, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Load(Cache(value)).Cache.Any);

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("TRUE", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("FALSE", false)]
    [InlineData("y", true)]
    [InlineData("Y", true)]
    [InlineData("yes", true)]
    [InlineData("Yes", true)]
    [InlineData("YES", true)]
    [InlineData("on", true)]
    [InlineData("On", true)]
    [InlineData("ON", true)]
    [InlineData("n", false)]
    [InlineData("N", false)]
    [InlineData("no", false)]
    [InlineData("No", false)]
    [InlineData("NO", false)]
    [InlineData("off", false)]
    [InlineData("Off", false)]
    [InlineData("OFF", false)]
    [InlineData("\"true\"", true)]
    [InlineData("'off'", false)]
    [InlineData("~", false)]
    public void Bools_accept_the_yaml_v3_spellings(string value, bool expected) =>
        Assert.Equal(expected, Load(SkipAuth(value)).Api["/v1/ready"].SkipAuth);

    [Theory]
    [InlineData("1", "!!int `1`")]
    [InlineData("0", "!!int `0`")]
    [InlineData("yEs", "!!str `yEs`")]
    [InlineData("oN", "!!str `oN`")]
    [InlineData("enabled", "!!str `enabled`")]
    [InlineData("[true]", "!!seq")]
    public void Anything_else_is_no_bool(string value, string shown) =>
        Assert.Equal($"yaml: unmarshal errors:\n  line 8: cannot unmarshal {shown} into bool", Error(SkipAuth(value)));

    [Fact]
    public void The_api_section_is_an_inline_mapping_keyed_by_route_path()
    {
        var config = Load(Yaml(extra: "api:\n  /v1/ready:   { skip_auth: true, timeout: 15s }\n  /v1/key/list/: { timeout: 30s }\n  /v1/metrics:\n  /not/a/route: { skip_auth: true }\n"));
        Assert.Equal(["/v1/ready", "/v1/key/list/", "/v1/metrics", "/not/a/route"], config.Api.Keys);
        Assert.Equal(new ApiRouteConfig(true, TimeSpan.FromSeconds(15)), config.Api["/v1/ready"]);
        Assert.Equal(new ApiRouteConfig(false, TimeSpan.FromSeconds(30)), config.Api["/v1/key/list/"]);
        Assert.Equal(new ApiRouteConfig(false, TimeSpan.Zero), config.Api["/v1/metrics"]);
        Assert.True(config.AnyRouteSkipsAuth);
    }

    [Fact]
    public void Without_skip_auth_no_route_relaxes_the_tls_mode() =>
        Assert.False(Load(Yaml(extra: "api:\n  /v1/ready:\n    skip_auth: false\n    timeout: 0s\n")).AnyRouteSkipsAuth);

    [Fact]
    public void A_zero_timeout_is_valid_and_a_negative_one_names_its_nanoseconds()
    {
        Assert.Equal(TimeSpan.Zero, Load(Yaml(extra: "api:\n  /v1/status:\n    timeout: 0s\n")).Api["/v1/status"].Timeout);
        Assert.Equal(
            "kesconf: invalid timeout '-90000000000' for API '/v1/key/create/'",
            Error(Yaml(extra: "api:\n  /v1/key/create/:\n    timeout: -1m30s\n")));
    }

    [Fact]
    public void Null_list_items_are_dropped_like_yaml_v3_drops_them()
    {
        var config = Load(Yaml(extra: "policy:\n  app:\n    identities: [~, abc, null]\n    allow:\n    -\n    - /v1/status\nkeys:\n  - ~\n  - name: k\n"));
        Assert.Equal(["abc"], config.Policies["app"].Identities);
        Assert.Equal(["/v1/status"], config.Policies["app"].Allow);
        Assert.Equal(["k"], config.Keys);
    }

    [Fact]
    public void A_null_policy_is_a_policy_without_rules()
    {
        var policy = Load(Yaml(extra: "policy:\n  empty:\n")).Policies["empty"];
        Assert.Empty(policy.Allow);
        Assert.Empty(policy.Deny);
        Assert.Empty(policy.Identities);
    }

    [Fact]
    public void Scalar_values_of_any_type_are_taken_as_text_for_string_fields()
    {
        var config = Load(Yaml(admin: "admin:\n  identity: 1234\n", extra: "keys:\n  - name: 0x10\n  - name: true\n"));
        Assert.Equal("1234", config.AdminIdentity);
        Assert.Equal(["0x10", "true"], config.Keys);
    }

    [Fact]
    public void A_collection_for_a_string_field_is_a_type_error() =>
        Assert.Equal(
            "yaml: unmarshal errors:\n  line 2: cannot unmarshal !!seq into kes.Identity",
            Error(Yaml(admin: "admin:\n  identity: [a, b]\n")));

    [Fact]
    public void An_explicit_tag_that_contradicts_the_value_fails_decoding() =>
        Assert.Equal("yaml: cannot decode !!str `abc` as a !!int", Error(Yaml(admin: "admin:\n  identity: !!int abc\n")));
}
