namespace Kes.Bench.Load;

/// <summary>What a cold run measured: process start to first answer, the resident set then, and the first requests after start.</summary>
public sealed record ColdResult(double StartupMs, long IdleResidentKb, LoadResult First);
