// Ed25519 (RFC 8032) signatures for the TLS CertificateVerify message (RFC 8446 §4.4.3, RFC 8422 for TLS 1.2),
// signature scheme ed25519 (0x0807).
//
// | seed | public key | signature |
// |------|------------|-----------|
// |   32 |         32 |        64 |
using Kes.Credentials.Keys;
using Kes.Domain.Keys;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;

namespace Kes.Client.Tls;

/// <summary>The client credentials BouncyCastle's TLS client presents for an Ed25519 key: the certificate message and a signer whose seed stays in <see cref="SecretMemory"/>.</summary>
/// <remarks>
/// BouncyCastle's own <c>BcDefaultTlsCredentialedSigner</c> would need an <c>Ed25519PrivateKeyParameters</c>,
/// which keeps the seed in a managed array for as long as the connection lives.
/// </remarks>
internal sealed class Ed25519TlsSigner(Certificate certificate, SecretMemory seed, byte[] publicKey) : TlsCredentialedSigner
{
    public Certificate Certificate => certificate;

    public SignatureAndHashAlgorithm SignatureAndHashAlgorithm => SignatureAndHashAlgorithm.ed25519;

    public byte[] GenerateRawSignature(byte[] hash) =>
        throw new NotSupportedException("Ed25519 signs the whole message, not a hash");

    public TlsStreamSigner GetStreamSigner() => new StreamSigner(seed, publicKey);

    private sealed class StreamSigner(SecretMemory seed, byte[] publicKey) : TlsStreamSigner, IDisposable
    {
        // The signed content is the handshake transcript hash with a fixed prefix: public data.
        private readonly MemoryStream _message = new();

        public Stream Stream => _message;

        public byte[] GetSignature()
        {
            try
            {
                // BouncyCastle closes the stream before asking for the signature; ToArray still works then.
                return Ed25519SeedSigner.Sign(seed, publicKey, _message.ToArray());
            }
            finally
            {
                _message.Dispose();
            }
        }

        public void Dispose() => _message.Dispose();
    }
}
