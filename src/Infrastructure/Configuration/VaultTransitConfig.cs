namespace Kes.Infrastructure.Configuration;

/// <summary><c>keystore.vault.transit</c>: an extra encryption layer; an empty engine means <c>transit</c>.</summary>
public sealed record VaultTransitConfig(string Engine, string KeyName);
