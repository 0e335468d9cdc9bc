using Kes.Domain.Logs;
namespace Kes.Infrastructure.Configuration;

/// <summary>Log thresholds in slog numbering (see <see cref="SlogLevel"/>).</summary>
/// <param name="ErrorLevel">Error-log records at or above this level go to stderr.</param>
/// <param name="AuditLevel">Audit events (INFO) go to stdout when this is at most INFO.</param>
public sealed record LogConfig(int ErrorLevel, int AuditLevel)
{
    /// <summary>Both at INFO, as an unset <c>log</c> section gives.</summary>
    public static LogConfig Default { get; } = new(SlogLevels.Info, SlogLevels.Info);

    /// <summary>Whether audit events are printed to stdout.</summary>
    public bool AuditToStdout => AuditLevel <= SlogLevels.Info;
}
