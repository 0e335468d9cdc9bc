// Ed25519 (RFC 8032) certificate signatures (RFC 8410: AlgorithmIdentifier { id-Ed25519 }, no parameters).
//
// | seed | public key | signature |
// |------|------------|-----------|
// |   32 |         32 |        64 |
using Kes.Domain.Keys;
using Org.BouncyCastle.Asn1.EdEC;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;

namespace Kes.Credentials.Keys;

/// <summary>Signs with an Ed25519 seed that stays in <see cref="SecretMemory"/>, instead of BouncyCastle key objects that keep their own copy.</summary>
internal sealed class Ed25519SignatureFactory(SecretMemory seed, byte[] publicKey) : ISignatureFactory
{
    public object AlgorithmDetails { get; } = new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);

    public IStreamCalculator<IBlockResult> CreateCalculator() => new Calculator(seed, publicKey);

    private sealed class Calculator(SecretMemory seed, byte[] publicKey) : IStreamCalculator<IBlockResult>, IDisposable
    {
        private readonly MemoryStream _message = new();

        public Stream Stream => _message;

        public IBlockResult GetResult()
        {
            try
            {
                // BouncyCastle closes the stream before asking for the result; ToArray still works then.
                return new SimpleBlockResult(Ed25519SeedSigner.Sign(seed, publicKey, _message.ToArray()));
            }
            finally
            {
                Dispose();
            }
        }

        public void Dispose() => _message.Dispose();
    }
}
