using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kes.Domain.Policies;

namespace Kes.PropertyTests.Policies;

public class PathPatternProperties
{
    [Theory]
    [InlineData("/v1/key/create/my*", "/v1/key/create/my-key", true)]
    [InlineData("/v1/key/generate/my-app-internal*", "/v1/key/generate/my-app-internal-1", true)]
    [InlineData("/v1/status", "/v1/status", true)]
    [InlineData("/v1/status", "/v1/status/", false)]
    [InlineData("/v1/status", "/v1/statu", false)]
    [InlineData("*", "/v1/key/create/x", true)]
    [InlineData("/v1/key/*", "/v1/key/delete/x", true)]
    [InlineData("/v1/key/*", "/v1/policy/read/x", false)]
    [InlineData("/v1/*/create/x", "/v1/key/create/x", false)]
    [InlineData("/v1/*/create/x", "/v1/*/create/x", true)]
    [InlineData("/v1/key/**", "/v1/key/*x", true)]
    [InlineData("/v1/key/**", "/v1/key/x", false)]
    public void Spec_examples_match_as_documented(string pattern, string path, bool matches) =>
        Assert.Equal(matches, new PathPattern(pattern).Matches(path));

    [Fact]
    public void The_empty_pattern_matches_nothing_not_even_the_empty_path()
    {
        Assert.False(new PathPattern(string.Empty).Matches(string.Empty));
        Assert.False(new PathPattern(string.Empty).Matches("/v1/status"));
        Assert.False(default(PathPattern).Matches("/v1/status"));
    }

    [Property]
    public Property A_lone_star_matches_every_path(string? path) =>
        new PathPattern("*").Matches(path ?? string.Empty).ToProperty();

    [Property]
    public Property A_pattern_without_a_trailing_star_matches_only_itself(NonEmptyString pattern, string? path)
    {
        var p = pattern.Get;
        var s = path ?? string.Empty;
        return (new PathPattern(p).Matches(s) == (s == p)).When(p[^1] != '*');
    }

    [Property]
    public Property A_trailing_star_matches_exactly_the_paths_with_that_prefix(string? prefix, string? path)
    {
        var head = prefix ?? string.Empty;
        var s = path ?? string.Empty;
        var pattern = new PathPattern(head + "*");
        return (pattern.Matches(head + s) && pattern.Matches(s) == s.StartsWith(head, StringComparison.Ordinal)).ToProperty();
    }

    [Property]
    public Property Every_path_matches_itself_and_its_prefixes_with_a_star(NonEmptyString path)
    {
        var s = path.Get;
        return Prop.ForAll(Gen.Choose(0, s.Length).ToArbitrary(), cut =>
            new PathPattern(s).Matches(s) && new PathPattern(s[..cut] + "*").Matches(s));
    }
}
