using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kes.Domain.Identities;
using Kes.Domain.Keys;
using Kes.Domain.Policies;

namespace Kes.PropertyTests.Policies;

public class PolicyProperties
{
    private static readonly string[] UpstreamPaths = ["/v1/status", "/v1/key/create/my-key", "/v1/identity/list/a"];

    private static Policy Make(string[] allow, string[] deny) =>
        new("app", allow, deny, KesTimestamp.Zero, new Identity("admin"));

    [Fact]
    public void Upstream_vector_an_empty_policy_denies_everything()
    {
        var policy = Make([], []);
        foreach (var path in UpstreamPaths)
        {
            Assert.False(policy.IsAllowed(path), path);
        }
    }

    [Fact]
    public void Upstream_vector_allowing_status_allows_only_status()
    {
        var policy = Make(["/v1/status"], []);
        Assert.True(policy.IsAllowed("/v1/status"));
        Assert.False(policy.IsAllowed("/v1/key/create/my-key"));
        Assert.False(policy.IsAllowed("/v1/identity/list/a"));
    }

    [Fact]
    public void Upstream_vector_prefix_allows_cover_the_matching_keys_only()
    {
        var policy = Make(["/v1/key/create/my*", "/v1/key/create/your*"], []);
        Assert.True(policy.IsAllowed("/v1/key/create/my-key"));
        Assert.True(policy.IsAllowed("/v1/key/create/your-key"));
        Assert.False(policy.IsAllowed("/v1/identity/list/somekey"));
    }

    [Fact]
    public void Upstream_vector_a_deny_prefix_overrides_the_allow_prefix()
    {
        var policy = Make(["/v1/key/create/my*", "/v1/key/create/your*"], ["/v1/key/create/my-key*"]);
        Assert.False(policy.IsAllowed("/v1/key/create/my-key"));
        Assert.False(policy.IsAllowed("/v1/key/create/my-key1"));
        Assert.True(policy.IsAllowed("/v1/key/create/my-minio-key"));
        Assert.True(policy.IsAllowed("/v1/key/create/your-minio-key"));
    }

    private static readonly string[] Segments = ["/v1", "/key", "/create", "/my", "-key", "1", "*", "/status", "a"];

    private static Gen<string> PathGen() =>
        Gen.ArrayOf(Gen.Elements(Segments)).Select(parts => "/" + string.Concat(parts));

    private static Arbitrary<string[]> Patterns() => Gen.ArrayOf(PathGen()).ToArbitrary();

    [Property]
    public Property Deny_always_wins_over_allow_for_the_same_path() =>
        Prop.ForAll(Patterns(), Patterns(), PathGen().ToArbitrary(), (allow, deny, path) =>
            !Make([.. allow, path], [.. deny, path]).IsAllowed(path) &&
            !Make(["*"], [.. deny, path]).IsAllowed(path));

    [Property]
    public Property A_star_allows_every_path_that_nothing_denies() =>
        Prop.ForAll(PathGen().ToArbitrary(), path => Make(["*"], []).IsAllowed(path));

    [Property]
    public Property A_path_is_allowed_iff_some_allow_and_no_deny_pattern_matches() =>
        Prop.ForAll(Patterns(), Patterns(), PathGen().ToArbitrary(), (allow, deny, path) =>
        {
            var expected = Array.Exists(allow, p => new PathPattern(p).Matches(path))
                && !Array.Exists(deny, p => new PathPattern(p).Matches(path));
            return Make(allow, deny).IsAllowed(path) == expected;
        });

    [Fact]
    public void Patterns_are_kept_as_sorted_sets_in_utf8_byte_order()
    {
        var policy = Make(["/b", "/a", "/b", "/\uFF21", "/\U0001F600"], []);
        Assert.Equal(["/a", "/b", "/\uFF21", "/\U0001F600"], policy.Allow.Select(p => p.Value));
        Assert.Empty(policy.Deny);
    }
}
