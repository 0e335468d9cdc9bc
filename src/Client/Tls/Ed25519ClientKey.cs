using Kes.Domain.Keys;

namespace Kes.Client.Tls;

/// <summary>An Ed25519 client key: the seed in <see cref="SecretMemory"/>, its public key, and the DER certificates to present (leaf first).</summary>
internal sealed record Ed25519ClientKey(SecretMemory Seed, byte[] PublicKey, IReadOnlyList<byte[]> CertificateChain);
