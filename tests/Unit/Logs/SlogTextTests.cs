using System.Net;
using Kes.Application.Logs;
using Kes.Application.Requests;
using Kes.Domain.Identities;
using Kes.Domain.Logs;
using Kes.UnitTests.Pipeline;

namespace Kes.UnitTests.Logs;

/// <summary>Records in Go slog's text form, built as UTF-8: timestamps to the millisecond, bare and quoted values, request attributes.</summary>
public sealed class SlogTextTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 5, 12, 34, 56, TimeSpan.FromHours(2));

    [Fact]
    public void A_plain_record_has_slog_time_level_and_a_bare_message() =>
        Assert.Equal("time=2026-12-05T10:34:56.789Z level=WARN msg=stopped", SlogText.Format(Noon.AddTicks(7_899_999), SlogLevels.Warn, "stopped", null));

    [Theory]
    [InlineData("", "\"\"")]
    [InlineData("two words", "\"two words\"")]
    [InlineData("a=b", "\"a=b\"")]
    [InlineData("say \"hi\"\\", "\"say \\\"hi\\\"\\\\\"")]
    [InlineData("line\nbreak\ttab\rret", "\"line\\nbreak\\ttab\\rret\"")]
    [InlineData("bell\u0007", "\"bell\\u0007\"")]
    [InlineData("café ✓", "\"café ✓\"")]
    [InlineData("/v1/key/create/k1", "/v1/key/create/k1")]
    [InlineData("!~#$%&'()*+,-.:;<>?@[]^_`{|}", "!~#$%&'()*+,-.:;<>?@[]^_`{|}")]
    [InlineData("del\u007f", "\"del\u007f\"")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\u00a0", "\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\u00a0\"")]
    public void Messages_are_quoted_where_slog_quotes_them(string message, string expected) =>
        Assert.Equal("time=2026-12-05T10:34:56.000Z level=INFO msg=" + expected, SlogText.Format(Noon, SlogLevels.Info, message, null));

    [Fact]
    public void A_request_adds_method_path_address_and_identity()
    {
        var context = new RequestContext
        {
            Method = "POST",
            Path = "/v1/key/generate/my key",
            RemoteAddress = IPAddress.Parse("fe80::1"),
            Identity = new Identity("3ecfcdf38fcbe141ae26a1030f81e96b753365a46760ae6b578698a97c59fd22"),
            State = TestState.Empty,
        };
        Assert.Equal(
            "time=2026-12-05T10:34:56.000Z level=ERROR+2 msg=EOF req.method=POST req.path=\"/v1/key/generate/my key\" req.ip=fe80::1 req.identity=3ecfcdf38fcbe141ae26a1030f81e96b753365a46760ae6b578698a97c59fd22",
            SlogText.Format(Noon, SlogLevels.Error + 2, "EOF", context));
    }

    [Fact]
    public void A_record_longer_than_the_stack_buffer_is_whole() =>
        Assert.Equal("time=2026-12-05T10:34:56.000Z level=INFO msg=" + new string('k', 5_000), SlogText.Format(Noon, SlogLevels.Info, new string('k', 5_000), null));
}
