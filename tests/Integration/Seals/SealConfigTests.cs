using Kes.Infrastructure.Configuration;

namespace Kes.IntegrationTests.Seals;

/// <summary>The <c>seal</c> section and the unknown-key list as the config loader reads them (docs/config.md §4.10, §4.11).</summary>
public sealed class SealConfigTests
{
    private const string Base = "version: v1\naddress: 0.0.0.0:7373\nadmin:\n  identity: disabled\ntls:\n  key: k\n  cert: c\nkeystore:\n  fs:\n    path: keys\n";

    [Fact]
    public void The_seal_section_is_read_with_its_pin_from_the_environment_and_the_pin_never_printed()
    {
        var config = ConfigFile.Parse(
            Base + "seal:\n  allow_unsealed: yes\n  pkcs11:\n    module: /lib/hsm.so\n    token: kes\n    pin: ${PIN}\n    key: root\n",
            name => name == "PIN" ? "s3cret-pin" : null);
        Assert.NotNull(config.Seal);
        Assert.True(config.Seal.AllowUnsealed);
        Assert.Equal(("/lib/hsm.so", "kes", "s3cret-pin", "root"), (config.Seal.Pkcs11.Module, config.Seal.Pkcs11.Token, config.Seal.Pkcs11.Pin, config.Seal.Pkcs11.Key));
        Assert.DoesNotContain("s3cret-pin", config.Seal.ToString(), StringComparison.Ordinal);
        Assert.Empty(config.UnknownKeys);
    }

    [Fact]
    public void Without_a_seal_section_the_keystore_is_not_sealed()
    {
        Assert.Null(ConfigFile.Parse(Base, _ => null).Seal);
    }

    [Theory]
    [InlineData("seal:\n  allow_unsealed: true\n", "kesconf: invalid seal config: no seal specified (Kes.NET knows 'pkcs11')")]
    [InlineData("seal:\n  pkcs11:\n    module: m\n    key: k\n", "kesconf: invalid seal config: no pkcs11 token specified")]
    [InlineData("seal:\n  pkcs11:\n    module: m\n    token: t\n", "kesconf: invalid seal config: no pkcs11 key specified")]
    public void An_incomplete_seal_section_names_what_is_missing(string seal, string message)
    {
        Assert.Equal(message, Assert.Throws<ConfigException>(() => ConfigFile.Parse(Base + seal, _ => null)).Message);
    }

    [Fact]
    public void Unknown_top_level_keys_are_listed_in_file_order_and_version_is_known()
    {
        var config = ConfigFile.Parse("sael:\n  pkcs11: {}\n" + Base + "keystores: {}\n", _ => null);
        Assert.Equal(["sael", "keystores"], config.UnknownKeys);
    }
}
