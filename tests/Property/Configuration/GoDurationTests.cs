using Kes.Domain.Time;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Kes.PropertyTests.Configuration;

/// <summary>Go <c>time.ParseDuration</c> and <c>Duration.String</c>, with values taken from Go.</summary>
public class GoDurationTests
{
    private const long Ns = 1;
    private const long Us = 1000 * Ns;
    private const long Ms = 1000 * Us;
    private const long S = 1000 * Ms;
    private const long M = 60 * S;
    private const long H = 60 * M;

    public static TheoryData<string, long> Parsed => new()
    {
        { "0", 0 },
        { "-0", 0 },
        { "+0", 0 },
        { "0s", 0 },
        { "5s", 5 * S },
        { "30s", 30 * S },
        { "1478s", 1478 * S },
        { "-5s", -5 * S },
        { "+5s", 5 * S },
        { "5.0s", 5 * S },
        { "5.6s", (5 * S) + (600 * Ms) },
        { "5.s", 5 * S },
        { ".5s", 500 * Ms },
        { "1.0s", S },
        { "1.004s", S + (4 * Ms) },
        { "100.00100s", (100 * S) + Ms },
        { "10ns", 10 * Ns },
        { "11us", 11 * Us },
        { "12µs", 12 * Us },
        { "12μs", 12 * Us },
        { "13ms", 13 * Ms },
        { "300ms", 300 * Ms },
        { "14s", 14 * S },
        { "15m", 15 * M },
        { "5m0s", 5 * M },
        { "16h", 16 * H },
        { "1h30m", H + (30 * M) },
        { "1.5h", H + (30 * M) },
        { "3h30m", (3 * H) + (30 * M) },
        { "10.5s4m", (4 * M) + (10 * S) + (500 * Ms) },
        { "-2m3.4s", -((2 * M) + (3 * S) + (400 * Ms)) },
        { "1h2m3s4ms5us6ns", (1 * H) + (2 * M) + (3 * S) + (4 * Ms) + (5 * Us) + (6 * Ns) },
        { "39h9m14.425s", (39 * H) + (9 * M) + (14 * S) + (425 * Ms) },
        { "52763797000ns", 52763797000 * Ns },
        { "0.3333333333333333333h", 20 * M },
        { "9007199254740993ns", (1L << 53) + 1 },
        { "9223372036854775807ns", long.MaxValue },
        { "9223372036854775.807us", long.MaxValue },
        { "-9223372036854775808ns", long.MinValue },
        { "-9223372036854775.808us", long.MinValue },
        { "0.100000000000000000000h", 6 * M },
        { "0.830103483285477580700h", (49 * M) + (48 * S) + 372539827 },
        { "1.h", H },
    };

    [Theory]
    [MemberData(nameof(Parsed))]
    public void Parses_what_Go_parses_to_the_same_nanoseconds(string text, long expected)
    {
        Assert.True(GoDuration.TryParse(text, out var actual));
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("")]
    [InlineData("3")]
    [InlineData("-")]
    [InlineData("s")]
    [InlineData(".")]
    [InlineData("-.")]
    [InlineData(".s")]
    [InlineData("+.s")]
    [InlineData("1d")]
    [InlineData("\x85\x85")]
    [InlineData("\xffff")]
    [InlineData("hello \xffff world")]
    [InlineData("9223372036854775808ns")]
    [InlineData("9223372036854775.808us")]
    [InlineData("9223372036854ms775us808ns")]
    [InlineData("-9223372036854775809ns")]
    [InlineData("1 s")]
    [InlineData(" 1s")]
    [InlineData("1S")]
    public void Rejects_what_Go_rejects(string text) => Assert.False(GoDuration.TryParse(text, out _));

    public static TheoryData<long, string> Formatted => new()
    {
        { 0, "0s" },
        { 1 * Ns, "1ns" },
        { 1100 * Ns, "1.1µs" },
        { 2200 * Us, "2.2ms" },
        { 3300 * Ms, "3.3s" },
        { (4 * M) + (5 * S), "4m5s" },
        { (4 * M) + (5001 * Ms), "4m5.001s" },
        { (5 * H) + (6 * M) + (7001 * Ms), "5h6m7.001s" },
        { (8 * M) + 1, "8m0.000000001s" },
        { 5 * M, "5m0s" },
        { 30 * S, "30s" },
        { -1, "-1ns" },
        { -5 * M, "-5m0s" },
        { long.MaxValue, "2562047h47m16.854775807s" },
        { long.MinValue, "-2562047h47m16.854775808s" },
    };

    [Theory]
    [MemberData(nameof(Formatted))]
    public void Formats_as_Go_prints_it(long nanoseconds, string expected) => Assert.Equal(expected, GoDuration.Format(nanoseconds));

    [Property]
    public Property Any_duration_formatted_the_Go_way_parses_back_to_itself(long nanoseconds) =>
        (GoDuration.TryParse(GoDuration.Format(nanoseconds), out var parsed) && parsed == nanoseconds).ToProperty();

    private static Arbitrary<TimeSpan> GoRangeTimeSpans() =>
        ArbMap.Default.GeneratorFor<long>()
            .Select(ticks => TimeSpan.FromTicks(ticks % (long.MaxValue / 100)))
            .ToArbitrary();

    [Property]
    public Property Any_TimeSpan_in_Go_range_round_trips_through_Go_text() =>
        Prop.ForAll(GoRangeTimeSpans(), value =>
            GoDuration.TryParse(GoDuration.Format(value), out var parsed) && GoDuration.ToTimeSpan(parsed) == value);

    [Property]
    public Property A_count_of_one_unit_parses_to_count_times_the_unit(short count, byte unitIndex)
    {
        (string Unit, long Nanoseconds)[] units = [("ns", Ns), ("us", Us), ("µs", Us), ("ms", Ms), ("s", S), ("m", M), ("h", H)];
        var (unit, size) = units[unitIndex % units.Length];
        return (GoDuration.TryParse($"{count}{unit}", out var parsed) && parsed == count * size).ToProperty();
    }

    [Property]
    public Property A_bare_number_other_than_zero_is_never_a_duration(PositiveInt number) =>
        (!GoDuration.TryParse(number.Get.ToString(System.Globalization.CultureInfo.InvariantCulture), out _)).ToProperty();

    [Fact]
    public void TimeSpans_beyond_Go_range_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GoDuration.Format(TimeSpan.MaxValue));
}
