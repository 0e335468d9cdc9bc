namespace Kes.Infrastructure.Configuration;

/// <summary><c>keystore.azure.keyvault.managed_identity</c>; the client id is required when the block is present.</summary>
public sealed record AzureManagedIdentity(string ClientId);
