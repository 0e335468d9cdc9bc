namespace Kes.Bench.Load;

/// <summary>Everything one invocation measured: the warm rounds of both sides and, for a launched server, its cold figures and peak resident set.</summary>
public sealed record ReportInput(IReadOnlyList<LoadResult> KesRounds, IReadOnlyList<LoadResult> BaselineRounds, ColdResult? Cold, long? PeakResidentKb)
{
    /// <summary>Whether no request of any run failed.</summary>
    public bool Clean => KesRounds.Concat(BaselineRounds).Append(Cold?.First).All(r => r is null || r.Errors == 0);
}
