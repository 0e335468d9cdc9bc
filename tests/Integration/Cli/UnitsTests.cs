using Kes.Api.Cli.Common;

namespace Kes.IntegrationTests.Cli;

public sealed class UnitsTests
{
    [Theory]
    [InlineData(0, "0B")]
    [InlineData(512, "512B")]
    [InlineData(1_000, "1.0KB")]
    [InlineData(2_000_000, "2.0MB")]
    [InlineData(12_345_678, "12.3MB")]
    [InlineData(3_500_000_000, "3.5GB")]
    public void Bytes_are_written_in_decimal_units_with_one_decimal_and_no_space_as_upstream_status_does(long bytes, string text) =>
        Assert.Equal(text, Units.Bytes(bytes));
}
