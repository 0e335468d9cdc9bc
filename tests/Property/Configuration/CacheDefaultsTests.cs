using Kes.Infrastructure.Configuration;
using static Kes.PropertyTests.Configuration.ConfigFixture;

namespace Kes.PropertyTests.Configuration;

/// <summary>Decision D5: unset (zero) cache periods take the intended defaults, any 5 m and unused 30 s; offline stays off.</summary>
public class CacheDefaultsTests
{
    [Theory]
    [InlineData("", 300, 30, 0)]
    [InlineData("cache:\n", 300, 30, 0)]
    [InlineData("cache:\n  expiry:\n    unused: 20s\n", 300, 20, 0)]
    [InlineData("cache:\n  expiry:\n    any: 10m\n", 600, 30, 0)]
    [InlineData("cache:\n  expiry:\n    any: 10m\n    unused: 20s\n", 600, 20, 0)]
    [InlineData("cache:\n  expiry:\n    any: 5m0s\n    unused: 20s\n    offline: 0s\n", 300, 20, 0)]
    [InlineData("cache:\n  expiry:\n    any: 0s\n    unused: 0s\n    offline: 1h\n", 300, 30, 3600)]
    public void Unset_periods_take_the_intended_defaults(string section, int any, int unused, int offline) =>
        Assert.Equal(
            new CacheConfig(TimeSpan.FromSeconds(any), TimeSpan.FromSeconds(unused), TimeSpan.FromSeconds(offline)),
            Load(Yaml(extra: section)).Cache);

    [Theory]
    [InlineData("", 10)]
    [InlineData("cache:\n  expiry:\n    revalidate: 2s\n", 2)]
    [InlineData("cache:\n  expiry:\n    revalidate: 0s\n", 0)]
    public void Revalidate_is_10_s_when_unset_and_off_at_zero(string section, int revalidate) =>
        Assert.Equal(TimeSpan.FromSeconds(revalidate), Load(Yaml(extra: section)).Cache.Revalidate);

    [Fact]
    public void A_negative_revalidate_period_is_refused() =>
        Assert.Equal(
            "kesconf: invalid cache revalidate expiry '-1s'",
            Assert.Throws<ConfigException>(() => Load(Yaml(extra: "cache:\n  expiry:\n    revalidate: -1s\n"))).Message);

    [Fact]
    public void The_default_is_the_dev_mode_cache() =>
        Assert.Equal(new CacheConfig(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), TimeSpan.Zero), CacheConfig.Default);
}
