using Kes.Infrastructure.Configuration;
using static Kes.PropertyTests.Configuration.ConfigFixture;

namespace Kes.PropertyTests.Configuration;

/// <summary>docs/config.md §5: every check's exact message, and that the first check in that order wins.</summary>
public class ValidationOrderTests
{
    private const string NoAdmin = "kesconf: invalid admin identity: no admin identity";
    private const string NoKey = "kesconf: invalid tls config: no private key";
    private const string NoCert = "kesconf: invalid tls config: no certificate";
    private const string NoKeyStore = "kesconf: no keystore specified";

    // One fault per §5 step, each as a (sections, message) pair built on the valid base file.
    public static TheoryData<string, string> SingleFaults => new()
    {
        { Yaml(admin: string.Empty), NoAdmin },
        { Yaml(admin: "admin:\n  identity:\n"), NoAdmin },
        { Yaml(admin: "admin:\n  identity: \"\"\n"), NoAdmin },
        { Yaml(tls: "tls:\n  cert: c\n"), NoKey },
        { Yaml(tls: "tls:\n  key: k\n"), NoCert },
        { Yaml(tls: "tls:\n  key: k\n  cert: c\n  auth: maybe\n"), "kesconf: invalid tls config: invalid auth '{ maybe}'" },
        { Yaml(tls: $"tls:\n  key: k\n  cert: c\n  proxy:\n    identities: [{Admin}]\n"), $"kesconf: invalid tls proxy: identity '{Admin}' is already admin" },
        { Yaml(extra: $"policy:\n  ops:\n    identities: [abc, {Admin}]\n"), $"kesconf: invalid policy 'ops': identity '{Admin}' is already admin" },
        {
            Yaml(tls: "tls:\n  key: k\n  cert: c\n  proxy:\n    identities: [proxy1]\n", extra: "policy:\n  ops:\n    identities: [proxy1]\n"),
            "kesconf: invalid policy 'ops': identity 'proxy1' is already a TLS proxy"
        },
        { Yaml(extra: "cache:\n  expiry:\n    any: -5m\n"), "kesconf: invalid cache expiry '-5m0s'" },
        { Yaml(extra: "cache:\n  expiry:\n    unused: -1.5s\n"), "kesconf: invalid cache unused expiry '-1.5s'" },
        { Yaml(extra: "cache:\n  expiry:\n    offline: -1ns\n"), "kesconf: invalid offline cache expiry '-1ns'" },
        { Yaml(extra: "log:\n  error: verbose\n"), "strconv.Atoi: parsing \"VERBOSE\": invalid syntax" },
        { Yaml(extra: "log:\n  audit: info-2\n"), "kesconf: invalid log level 'INFO-2'" },
        { Yaml(extra: "api:\n  /v1/status:\n    timeout: -1s\n"), "kesconf: invalid timeout '-1000000000' for API '/v1/status'" },
        { Yaml(extra: "keys:\n  - name: a\n  - name: b\n  - name: a\n"), "kesconf: invalid key config: key 'a' is defined multiple times" },
        { Yaml(keystore: string.Empty), NoKeyStore },
    };

    [Theory]
    [MemberData(nameof(SingleFaults))]
    public void Each_validation_fault_has_its_upstream_message(string yaml, string message) => Assert.Equal(message, Error(yaml));

    // Two faults: the earlier step of §5 is reported, whatever the order of the sections in the file.
    public static TheoryData<string, string> FaultPairs => new()
    {
        { "version: v2\n" + Yaml(admin: string.Empty, extra: "cache:\n  expiry:\n    any: 5\n"), "edge: invalid server config version 'v2'" },
        { Yaml(admin: string.Empty, keystore: string.Empty), NoAdmin },
        { Yaml(admin: string.Empty, tls: string.Empty), NoAdmin },
        { Yaml(tls: "tls:\n  auth: maybe\n"), NoKey },
        { Yaml(tls: "tls:\n  key: k\n  auth: maybe\n"), NoCert },
        {
            Yaml(tls: $"tls:\n  key: k\n  cert: c\n  auth: maybe\n  proxy:\n    identities: [{Admin}]\n"),
            "kesconf: invalid tls config: invalid auth '{ maybe}'"
        },
        {
            Yaml(extra: $"policy:\n  ops:\n    identities: [{Admin}]\n", tls: $"tls:\n  key: k\n  cert: c\n  proxy:\n    identities: [{Admin}]\n"),
            $"kesconf: invalid tls proxy: identity '{Admin}' is already admin"
        },
        { Yaml(extra: $"cache:\n  expiry:\n    any: -1s\npolicy:\n  ops:\n    identities: [{Admin}]\n"), $"kesconf: invalid policy 'ops': identity '{Admin}' is already admin" },
        { Yaml(extra: "cache:\n  expiry:\n    offline: -1s\n    unused: -2s\n    any: -3s\n"), "kesconf: invalid cache expiry '-3s'" },
        { Yaml(extra: "cache:\n  expiry:\n    offline: -1s\n    unused: -2s\n"), "kesconf: invalid cache unused expiry '-2s'" },
        { Yaml(extra: "log:\n  error: bad\ncache:\n  expiry:\n    offline: -1s\n"), "kesconf: invalid offline cache expiry '-1s'" },
        { Yaml(extra: "log:\n  audit: infox\n  error: warnx\n"), "kesconf: invalid log level 'WARNX'" },
        { Yaml(extra: "api:\n  /v1/status:\n    timeout: -1s\nlog:\n  audit: x\n"), "strconv.Atoi: parsing \"X\": invalid syntax" },
        { Yaml(extra: "keys:\n  - name: a\n  - name: a\napi:\n  /v1/status:\n    timeout: -1ms\n"), "kesconf: invalid timeout '-1000000' for API '/v1/status'" },
        { Yaml(keystore: "keystore:\n  fs: {}\n", extra: "keys:\n  - name: a\n  - name: a\n"), "kesconf: invalid key config: key 'a' is defined multiple times" },
        { Yaml(admin: string.Empty, extra: "cache:\n  expiry:\n    any: 5\n"), "yaml: unmarshal errors:\n  line 6: cannot unmarshal !!int `5` into time.Duration" },
        {
            "cache:\n  expiry:\n    any: 5\nadmin:\n  identity: ${KES_MISSING}\n" + TlsSection + KeyStoreSection,
            "kesconf: referenced env. variable 'KES_MISSING' in line '5' not found"
        },
    };

    [Theory]
    [MemberData(nameof(FaultPairs))]
    public void With_two_faults_the_first_in_validation_order_is_reported(string yaml, string message) => Assert.Equal(message, Error(yaml));

    [Fact]
    public void An_auth_value_from_a_variable_shows_the_variable_in_the_message() =>
        Assert.Equal(
            "kesconf: invalid tls config: invalid auth '{KES_AUTH maybe}'",
            Error(Yaml(tls: "tls:\n  key: k\n  cert: c\n  auth: ${KES_AUTH}\n"), ("KES_AUTH", "maybe")));

    [Theory]
    [InlineData("\"\"")]
    [InlineData("off")]
    [InlineData("OFF")]
    [InlineData("On")]
    [InlineData("on")]
    public void Auth_accepts_empty_off_and_on_in_any_case(string auth)
    {
        var config = Load(Yaml(tls: $"tls:\n  key: k\n  cert: c\n  auth: {auth}\n"));
        Assert.Equal(auth.Equals("on", StringComparison.OrdinalIgnoreCase) ? TlsAuthMode.On : TlsAuthMode.Off, config.Tls.AuthMode);
    }
}
