namespace Kes.Infrastructure.KeyStores.Vault;

/// <summary><c>keystore.vault.transit</c>: stored values are encrypted by this Transit key; an empty engine means <c>transit</c> (docs/keystores.md §7).</summary>
public sealed record VaultTransitConfig(string Engine, string KeyName);
