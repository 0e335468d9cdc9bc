namespace Kes.IntegrationTests.Vault.VaultEndpoint;

/// <summary>One request the fake Vault answered: verb, path below <c>/v1/</c> with its query, the namespace header, whether a token came along, the status.</summary>
public sealed record VaultCall(string Method, string Path, string Namespace, bool HadToken, int Status);
