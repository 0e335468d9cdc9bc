using System.Net;
using Kes.Infrastructure.Configuration;

namespace Kes.PropertyTests.Configuration;

/// <summary>The pure startup checks: the listen address (docs/config.md §4.1) and the policy section (§4.4).</summary>
public class StartupChecksTests
{
    [Theory]
    [InlineData("0.0.0.0:7373", "0.0.0.0", 7373)]
    [InlineData(":7373", "0.0.0.0", 7373)]
    [InlineData("127.0.0.1:7000", "127.0.0.1", 7000)]
    [InlineData("[::1]:7373", "::1", 7373)]
    [InlineData("[::]:7373", "::", 7373)]
    [InlineData("[::ffff:10.0.0.1]:7373", "10.0.0.1", 7373)]
    [InlineData("127.0.0.1:", "127.0.0.1", 0)]
    [InlineData(":https", "0.0.0.0", 443)]
    [InlineData(":065535", "0.0.0.0", 65535)]
    public void Listen_addresses_parse_like_Go(string address, string ip, int port) =>
        Assert.Equal(new IPEndPoint(IPAddress.Parse(ip), port), ListenAddress.Parse(address));

    [Theory]
    [InlineData("localhost:7373", "'localhost' is not a valid IP address")]
    [InlineData("kes.example.com:7373", "'kes.example.com' is not a valid IP address")]
    [InlineData("01.2.3.4:7373", "'01.2.3.4' is not a valid IP address")]
    [InlineData("1.2.3:7373", "'1.2.3' is not a valid IP address")]
    [InlineData("256.0.0.1:7373", "'256.0.0.1' is not a valid IP address")]
    [InlineData("[fe80::1%eth0]:7373", "'fe80::1%eth0' is not a valid IP address")]
    [InlineData("7373", "address 7373: missing port in address")]
    [InlineData("::1:7373", "address ::1:7373: too many colons in address")]
    [InlineData("[::1]", "address [::1]: missing port in address")]
    [InlineData("[::1:7373", "address [::1:7373: missing ']' in address")]
    [InlineData("[::1]x:7373", "address [::1]x:7373: missing port in address")]
    [InlineData("a[b:7373", "address a[b:7373: unexpected '[' in address")]
    [InlineData("a]b:7373", "address a]b:7373: unexpected ']' in address")]
    [InlineData("0.0.0.0:99999", "listen tcp: address 99999: invalid port")]
    [InlineData("0.0.0.0:-1", "listen tcp: address -1: invalid port")]
    [InlineData("0.0.0.0:kes", "listen tcp: lookup tcp/kes: unknown port")]
    public void Bad_listen_addresses_give_Go_messages(string address, string message) =>
        Assert.Equal(message, Assert.Throws<ConfigException>(() => ListenAddress.Parse(address)).Message);

    [Theory]
    [InlineData(":7000", "127.0.0.1:1", ":7000")]
    [InlineData(null, "127.0.0.1:1", "127.0.0.1:1")]
    [InlineData("", null, ListenAddress.Default)]
    [InlineData(null, null, "0.0.0.0:7373")]
    public void The_flag_wins_over_the_config_which_wins_over_the_default(string? flag, string? configured, string expected) =>
        Assert.Equal(expected, ListenAddress.Select(flag, configured));

    private static Dictionary<string, PolicyConfig> Policies(params (string Name, string[] Identities)[] policies) =>
        policies.ToDictionary(p => p.Name, p => new PolicyConfig([], [], p.Identities));

    [Fact]
    public void Valid_policy_names_and_identities_pass() =>
        PolicyValidation.Validate(Policies(("my-app", ["abc123", "def456"]), ("ops", ["_ops-1"])));

    [Theory]
    [InlineData("a.b")]
    [InlineData("")]
    [InlineData("-ops")]
    [InlineData("my app")]
    public void An_invalid_policy_name_is_rejected(string name) =>
        Assert.Equal(
            $"kes: policy name '{name}' is empty, too long or contains invalid characters",
            Assert.Throws<ConfigException>(() => PolicyValidation.Validate(Policies((name, ["abc"])))).Message);

    [Fact]
    public void A_policy_name_of_81_characters_is_too_long() =>
        Assert.Throws<ConfigException>(() => PolicyValidation.Validate(Policies((new string('p', 81), ["abc"]))));

    [Theory]
    [InlineData("")]
    [InlineData("id.with.dots")]
    [InlineData("_")]
    public void An_invalid_identity_is_rejected(string identity) =>
        Assert.Equal(
            $"kes: identity '{identity}' is empty, too long or contains invalid characters",
            Assert.Throws<ConfigException>(() => PolicyValidation.Validate(Policies(("app", ["ok", identity])))).Message);

    [Fact]
    public void An_identity_in_two_policies_is_rejected_naming_the_later_policy() =>
        Assert.Equal(
            "kes: cannot assign policy 'second' to 'shared': identity already has a policy",
            Assert.Throws<ConfigException>(() => PolicyValidation.Validate(Policies(("first", ["shared"]), ("second", ["other", "shared"])))).Message);

    [Fact]
    public void An_identity_listed_twice_in_one_policy_is_rejected() =>
        Assert.Equal(
            "kes: cannot assign policy 'app' to 'twice': identity already has a policy",
            Assert.Throws<ConfigException>(() => PolicyValidation.Validate(Policies(("app", ["twice", "twice"])))).Message);

    [Fact]
    public void The_policy_name_is_checked_before_its_identities() =>
        Assert.Equal(
            "kes: policy name 'a.b' is empty, too long or contains invalid characters",
            Assert.Throws<ConfigException>(() => PolicyValidation.Validate(Policies(("a.b", ["bad.identity"])))).Message);

    [Fact]
    public void A_policy_name_with_a_dot_loads_and_fails_only_at_startup()
    {
        var config = ConfigFixture.Load(ConfigFixture.Yaml(extra: "policy:\n  a.b:\n    identities: [abc]\n"));
        Assert.Throws<ConfigException>(() => PolicyValidation.Validate(config.Policies));
    }
}
