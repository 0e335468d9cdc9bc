namespace Kes.IntegrationTests.HotPath;

/// <summary>
/// Allocation counts run alone: the secret-block pool is process-wide, and a test beside them that drains it makes
/// the counted thread allocate a fresh block, which is the pool doing its job, not the hot path allocating.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CountedAlone
{
    public const string Name = "Allocation counts";
}
