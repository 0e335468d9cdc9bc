namespace Kes.Domain.Ports;

/// <summary>One page of a key listing: the names, and the first name not returned (empty at the end).</summary>
public sealed record KeyListPage(IReadOnlyList<string> Names, string ContinueAt);
