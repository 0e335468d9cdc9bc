namespace Kes.Client;

/// <summary>One page of a key, policy or identity listing: sorted names and the first name not returned (empty at the end).</summary>
public sealed record NameListing(IReadOnlyList<string> Names, string ContinueAt);
