namespace Kes.Client;

/// <summary>One ciphertext and its context (associated data) for <see cref="KesClient.DecryptAllAsync"/>.</summary>
public readonly record struct CiphertextItem(ReadOnlyMemory<byte> Ciphertext, ReadOnlyMemory<byte> Context);
