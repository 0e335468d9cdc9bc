namespace Kes.UnitTests.Buffers;

/// <summary>Tests that run a memory release, or watch the large arrays it drops, one at a time: both touch process-wide state.</summary>
[CollectionDefinition(Name)]
public sealed class ProcessWideMemory
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Memory release";
}
