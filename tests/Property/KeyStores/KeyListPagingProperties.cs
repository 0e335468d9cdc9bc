using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kes.Domain.Ports;
using Kes.Infrastructure.KeyStores;

namespace Kes.PropertyTests.KeyStores;

public class KeyListPagingProperties
{
    private const int N = KeyListPaging.DefaultPageSize;

    private static readonly string[] UpstreamNames = ["my-key", "my-key2", "0-key", "1-key"];

    // Name pieces that make prefixes collide often and exercise UTF-8 order: ASCII, a 2-byte, a 3-byte and a 4-byte character.
    private static readonly string[] Pieces = ["a", "b", "0", "é", "\uFF61", "\U0001F600"];

    [Fact]
    public void Upstream_vector_no_prefix_lists_all_names_sorted() =>
        AssertPage(KeyListPaging.Page(UpstreamNames, "", -1), ["0-key", "1-key", "my-key", "my-key2"], "");

    [Fact]
    public void Upstream_vector_prefix_my_lists_both_my_keys() =>
        AssertPage(KeyListPaging.Page(UpstreamNames, "my", -1), ["my-key", "my-key2"], "");

    [Fact]
    public void Upstream_vector_prefix_my_with_limit_1_continues_at_my_key2() =>
        AssertPage(KeyListPaging.Page(UpstreamNames, "my", 1), ["my-key"], "my-key2");

    [Fact]
    public void Upstream_vector_no_names_lists_nothing() =>
        AssertPage(KeyListPaging.Page([], "", -1), [], "");

    [Fact]
    public void A_prefix_no_name_has_lists_nothing() =>
        AssertPage(KeyListPaging.Page(UpstreamNames, "zz", -1), [], "");

    [Fact]
    public void A_positive_limit_with_a_prefix_keeps_upstreams_off_by_one()
    {
        string[] names = ["my-key1", "my-key2", "other-key3", "my-key3"];
        AssertPage(KeyListPaging.Page(names, "my", 2), ["my-key1", "my-key2", "my-key3"], "");
    }

    [Fact]
    public void A_positive_limit_without_prefix_returns_exactly_limit_names() =>
        AssertPage(KeyListPaging.Page(UpstreamNames, "", 3), ["0-key", "1-key", "my-key"], "my-key2");

    [Fact]
    public void A_zero_limit_means_the_default_page() =>
        AssertPage(KeyListPaging.Page(UpstreamNames, "my", 0), ["my-key", "my-key2"], "");

    [Fact]
    public void The_default_page_holds_1024_names_and_continues_at_the_1025th()
    {
        var names = Numbered("k", 1030);
        AssertPage(KeyListPaging.Page(names, "", -1), names[..N], names[N]);
    }

    [Fact]
    public void Exactly_1024_names_come_back_whole()
    {
        var names = Numbered("k", N);
        AssertPage(KeyListPaging.Page(names, "", -1), names, "");
    }

    [Fact]
    public void Exactly_1025_names_without_prefix_are_cut_at_1024()
    {
        var names = Numbered("k", N + 1);
        AssertPage(KeyListPaging.Page(names, "", -1), names[..N], names[N]);
    }

    [Fact]
    public void Exactly_1025_prefixed_names_at_the_tail_of_the_list_come_back_at_once()
    {
        var names = Numbered("k", N + 1);
        AssertPage(KeyListPaging.Page([.. names, "a-first"], "k", -1), names, "");
    }

    [Fact]
    public void Exactly_1025_prefixed_names_before_another_name_are_cut_at_1024()
    {
        var names = Numbered("k", N + 1);
        AssertPage(KeyListPaging.Page([.. names, "z-last"], "k", -1), names[..N], names[N]);
    }

    [Fact]
    public void Names_sort_by_utf8_bytes_not_by_utf16_code_units()
    {
        // U+FF61 is EF BD A1 in UTF-8 and U+1F600 is F0 9F 98 80; in UTF-16 the surrogate D83D sorts first.
        AssertPage(KeyListPaging.Page(["\U0001F600", "\uFF61", "a"], "", -1), ["a", "\uFF61", "\U0001F600"], "");
    }

    [Fact]
    public void The_input_is_not_modified()
    {
        string[] names = ["b", "a"];
        _ = KeyListPaging.Page(names, "", -1);
        Assert.Equal(["b", "a"], names);
    }

    [Property]
    public Property A_page_is_sorted_by_utf8_bytes_and_every_name_has_the_prefix() =>
        Prop.ForAll(Listings(), listing =>
        {
            var page = listing.Page();
            return page.Names.All(name => name.StartsWith(listing.Prefix, StringComparison.Ordinal))
                && page.Names.Zip(page.Names.Skip(1)).All(pair => Utf8Compare(pair.First, pair.Second) < 0);
        });

    [Property]
    public Property A_page_is_the_first_run_of_the_sorted_matches_and_continueAt_the_first_name_not_returned() =>
        Prop.ForAll(Listings(), listing =>
        {
            var page = listing.Page();
            var matches = listing.Matches();
            var isRun = page.Names.SequenceEqual(matches.Take(page.Names.Count));
            var continuesRight = page.ContinueAt.Length == 0
                ? page.Names.Count == matches.Count
                : page.Names.Count < matches.Count && page.ContinueAt == matches[page.Names.Count];
            return isRun && continuesRight;
        });

    [Property]
    public Property The_default_page_never_exceeds_1024_names_but_for_a_tail_of_exactly_1025() =>
        Prop.ForAll(Listings(), listing =>
        {
            var page = (listing with { Limit = -1 }).Page();
            if (page.Names.Count <= N)
            {
                return true;
            }

            var matches = listing.Matches();
            var sorted = listing.Names.Order(Utf8Comparer).ToList();
            return page.Names.Count == N + 1 && listing.Prefix.Length != 0 && matches.Count == N + 1
                && matches[^1] == sorted[^1] && page.ContinueAt.Length == 0;
        });

    [Property]
    public Property A_positive_limit_bounds_the_page_with_upstreams_slack_only_under_a_prefix() =>
        Prop.ForAll(Listings(), listing =>
        {
            var page = listing.Page();
            return listing.Limit <= 0
                || (listing.Prefix.Length == 0 ? page.Names.Count <= listing.Limit : page.Names.Count <= listing.Limit + 2);
        });

    [Property]
    public Property Resuming_from_continueAt_over_the_names_from_it_on_yields_every_match_once_in_order() =>
        Prop.ForAll(Listings(), listing =>
        {
            var listed = new List<string>();
            var remaining = listing.Names;
            while (true)
            {
                var page = KeyListPaging.Page(remaining, listing.Prefix, listing.Limit);
                listed.AddRange(page.Names);
                if (page.ContinueAt.Length == 0 || page.Names.Count == 0)
                {
                    break;
                }

                remaining = [.. remaining.Where(name => Utf8Compare(name, page.ContinueAt) >= 0)];
            }

            return listed.SequenceEqual(listing.Matches());
        });

    [Property]
    public Property Using_continueAt_as_the_next_prefix_only_narrows_the_listing_and_never_repeats_a_name() =>
        Prop.ForAll(Listings(), listing =>
        {
            var first = listing.Page();
            var listed = new List<string>(first.Names);
            var pages = 1;
            var continueAt = first.ContinueAt;
            while (continueAt.Length != 0 && pages++ < 64)
            {
                var page = KeyListPaging.Page(listing.Names, continueAt, listing.Limit);
                if (!page.Names.All(name => name.StartsWith(continueAt, StringComparison.Ordinal)))
                {
                    return false;
                }

                listed.AddRange(page.Names);
                continueAt = page.ContinueAt;
            }

            var matches = listing.Matches();
            return listed.Zip(listed.Skip(1)).All(pair => Utf8Compare(pair.First, pair.Second) < 0)
                && listed.All(matches.Contains)
                && listed.Take(first.Names.Count).SequenceEqual(first.Names);
        });

    private static readonly IComparer<string> Utf8Comparer = Comparer<string>.Create(Utf8Compare);

    private static int Utf8Compare(string x, string y) =>
        Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y));

    private static string[] Numbered(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => prefix + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture))];

    private static void AssertPage(KeyListPage page, string[] names, string continueAt)
    {
        Assert.Equal(names, page.Names);
        Assert.Equal(continueAt, page.ContinueAt);
    }

    private static Arbitrary<Listing> Listings() => Gen.OneOf(SmallListings(), LargeListings()).ToArbitrary();

    private static Gen<string> PieceString(int min, int max) =>
        Gen.Choose(min, max).SelectMany(length => Gen.ArrayOf(Gen.Elements(Pieces), length)).Select(string.Concat);

    private static Gen<Listing> SmallListings() =>
        from names in Gen.ArrayOf(PieceString(1, 4))
        from prefix in Gen.OneOf(PieceString(0, 2), Gen.Elements(names.Length == 0 ? [""] : names))
        from limit in Gen.Choose(-2, 6)
        select new Listing([.. names.Distinct()], prefix, limit);

    // Enough names to cross the 1024 cap, spread over groups so that a prefix selects a large run.
    private static Gen<Listing> LargeListings() =>
        from count in Gen.Choose(N - 30, N + 80)
        from groups in Gen.ArrayOf(Gen.Elements("a", "b", "c"), count)
        from order in Gen.Shuffle(Enumerable.Range(0, count))
        from prefix in Gen.Elements("", "a", "b", "c", "a0", "d")
        from limit in Gen.Elements(-1, 0, 1, 5, N - 1, N, N + 1, 5000)
        select new Listing(
            [.. order.Select(i => groups[i] + i.ToString("x4", System.Globalization.CultureInfo.InvariantCulture))],
            prefix,
            limit);

    /// <summary>One listing call, with the reference answer computed independently of the helper.</summary>
    public sealed record Listing(string[] Names, string Prefix, int Limit)
    {
        public KeyListPage Page() => KeyListPaging.Page(Names, Prefix, Limit);

        public List<string> Matches() =>
            [.. Names.Where(name => name.StartsWith(Prefix, StringComparison.Ordinal)).Order(Utf8Comparer)];

        public override string ToString() =>
            $"Listing {{ Prefix = \"{Prefix}\", Limit = {Limit}, Names ({Names.Length}) = [{string.Join(", ", Names.Take(40))}] }}";
    }
}
