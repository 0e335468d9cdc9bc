using Kes.Domain.Logs;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Kes.Infrastructure.Configuration;
using static Kes.PropertyTests.Configuration.ConfigFixture;

namespace Kes.PropertyTests.Configuration;

/// <summary>docs/config.md §4.7: log level text, upper-cased and trimmed, into slog numbering.</summary>
public class SlogLevelTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("   ", 0)]
    [InlineData("on", 0)]
    [InlineData("ON", 0)]
    [InlineData("off", 9)]
    [InlineData(" Off ", 9)]
    [InlineData("debug", -4)]
    [InlineData("DEBUG", -4)]
    [InlineData("info", 0)]
    [InlineData("Warn", 4)]
    [InlineData("ERROR", 8)]
    [InlineData("INFO+2", 2)]
    [InlineData("info+2", 2)]
    [InlineData("INFO +2", 2)]
    [InlineData("ERROR+1", 9)]
    [InlineData("DEBUG+-1", -5)]
    [InlineData("WARN+007", 11)]
    [InlineData("-4", -4)]
    [InlineData("12", 12)]
    [InlineData("+3", 3)]
    [InlineData("99999999999", int.MaxValue)]
    public void Valid_levels_parse_to_slog_numbers(string text, int expected) => Assert.Equal(expected, SlogLevel.Parse(text));

    [Theory]
    [InlineData("INFO-2", "kesconf: invalid log level 'INFO-2'")]
    [InlineData("infox", "kesconf: invalid log level 'INFOX'")]
    [InlineData("WARNING", "kesconf: invalid log level 'WARNING'")]
    [InlineData("debugx+1", "kesconf: invalid log level 'DEBUGX+1'")]
    [InlineData("INFO+x", "kesconf: invalid log level suffix 'X': strconv.Atoi: parsing \"X\": invalid syntax")]
    [InlineData("info+", "kesconf: invalid log level suffix '': strconv.Atoi: parsing \"\": invalid syntax")]
    [InlineData("INFO+ 2", "kesconf: invalid log level suffix ' 2': strconv.Atoi: parsing \" 2\": invalid syntax")]
    [InlineData("ERROR+1+1", "kesconf: invalid log level suffix '1+1': strconv.Atoi: parsing \"1+1\": invalid syntax")]
    [InlineData("verbose", "strconv.Atoi: parsing \"VERBOSE\": invalid syntax")]
    [InlineData("foo+1", "strconv.Atoi: parsing \"FOO+1\": invalid syntax")]
    [InlineData("1.5", "strconv.Atoi: parsing \"1.5\": invalid syntax")]
    [InlineData("say \"hi\"", "strconv.Atoi: parsing \"SAY \\\"HI\\\"\": invalid syntax")]
    [InlineData("99999999999999999999", "strconv.Atoi: parsing \"99999999999999999999\": value out of range")]
    [InlineData("INFO+99999999999999999999", "kesconf: invalid log level suffix '99999999999999999999': strconv.Atoi: parsing \"99999999999999999999\": value out of range")]
    public void Invalid_levels_give_upstream_messages(string text, string message) =>
        Assert.Equal(message, Assert.Throws<ConfigException>(() => SlogLevel.Parse(text)).Message);

    [Fact]
    public void The_config_sections_set_the_error_and_audit_levels()
    {
        Assert.Equal(new LogConfig(SlogLevels.Info, SlogLevels.Info), Load(Yaml()).Log);
        var log = Load(Yaml(extra: "log:\n  error: on\n  audit: off\n")).Log;
        Assert.Equal(new LogConfig(SlogLevels.Info, SlogLevels.Off), log);
        Assert.False(log.AuditToStdout);
        Assert.True(Load(Yaml(extra: "log:\n  audit: debug\n")).Log.AuditToStdout);
    }

    [Theory]
    [InlineData(-4, "DEBUG")]
    [InlineData(-5, "DEBUG-1")]
    [InlineData(-1, "DEBUG+3")]
    [InlineData(0, "INFO")]
    [InlineData(2, "INFO+2")]
    [InlineData(4, "WARN")]
    [InlineData(8, "ERROR")]
    [InlineData(9, "ERROR+1")]
    public void Levels_format_like_slog(int level, string text) => Assert.Equal(text, SlogLevels.Format(level));

    // Levels from DEBUG up format with a non-negative offset, which is the only kind the parser takes.
    [Property]
    public Property A_level_from_debug_up_formats_to_text_that_parses_back(NonNegativeInt offset)
    {
        var level = SlogLevels.Debug + offset.Get;
        return (SlogLevel.Parse(SlogLevels.Format(level)) == level).ToProperty();
    }
}
