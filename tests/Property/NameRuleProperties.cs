using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kes.Domain.Keys;

namespace Kes.PropertyTests;

public class NameRuleProperties
{
    [Theory]
    [InlineData("my-key")]
    [InlineData("abc123")]
    [InlineData("0")]
    [InlineData("123ABC321")]
    [InlineData("_-___---_")]
    [InlineData("_0")]
    [InlineData("0-Z")]
    [InlineData("my_key-0")]
    public void Upstream_valid_names_are_accepted(string name) => Assert.True(KeyName.IsValid(name));

    [Theory]
    [InlineData("")]
    [InlineData("my.key")]
    [InlineData("key/")]
    [InlineData("☰")]
    [InlineData("hel<lo")]
    [InlineData("Εmacs")]
    [InlineData("_")]
    [InlineData("-a")]
    [InlineData("a-")]
    public void Upstream_invalid_names_are_rejected(string name) => Assert.False(KeyName.IsValid(name));

    [Fact]
    public void A_name_of_81_bytes_is_rejected() => Assert.False(KeyName.IsValid(new string('a', 81)));

    [Theory]
    [InlineData("my-key", true)]
    [InlineData("*", true)]
    [InlineData("my*", true)]
    [InlineData("_-*", true)]
    [InlineData("", true)]
    [InlineData("*-*", false)]
    [InlineData("my.key", false)]
    [InlineData("key/", false)]
    [InlineData("a-", false)]
    [InlineData("_", false)]
    public void Pattern_rule_matches_upstream(string pattern, bool valid) => Assert.Equal(valid, NameRule.IsValidPattern(pattern));

    private static readonly char[] NameAlphabet = "abcXYZ019_-".ToCharArray();

    private static Arbitrary<string> NameLike() =>
        Gen.ArrayOf(Gen.Elements(NameAlphabet)).Select(chars => new string(chars)).ToArbitrary();

    [Property]
    public Property A_name_is_valid_iff_it_obeys_every_clause() =>
        Prop.ForAll(NameLike(), name =>
        {
            var expected = name.Length is > 0 and <= 80 && name != "_" && name[0] != '-' && name[^1] != '-';
            return KeyName.IsValid(name) == expected;
        });

    [Property]
    public Property Any_character_outside_the_alphabet_invalidates_a_name(char bad) =>
        Prop.ForAll(NameLike(), name =>
            !KeyName.IsValid("a" + bad + "b") && !KeyName.IsValid(name + bad) && !KeyName.IsValid(bad + name))
            .When(!char.IsAsciiLetterOrDigit(bad) && bad is not '_' and not '-');

    [Property]
    public Property A_valid_name_is_a_valid_pattern_and_stays_valid_with_a_trailing_star() =>
        Prop.ForAll(NameLike(), name =>
            !KeyName.IsValid(name) || (NameRule.IsValidPattern(name) && (name.Length == 80 || NameRule.IsValidPattern(name + "*"))));
}
