namespace Kes.IntegrationTests.Fuzz;

/// <summary>The fuzz campaign's collection: run after the parallel tests, never beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FuzzRunsAlone
{
    public const string Name = "Fuzz campaign";
}
