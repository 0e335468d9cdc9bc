// Ed25519 (RFC 8032) certificate signatures (RFC 8410: AlgorithmIdentifier { id-Ed25519 }, no parameters).
//
// | seed | public key | signature |
// |------|------------|-----------|
// |   32 |         32 |        64 |
using Kes.Domain.Keys;
using Org.BouncyCastle.Asn1.EdEC;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Math.EC.Rfc8032;

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
            var signature = new byte[Ed25519.SignatureSize];
            var added = false;
            seed.DangerousAddRef(ref added);
            try
            {
                // BouncyCastle closes the stream before asking for the result; ToArray still works then.
                // The span cast picks plain Ed25519 (sk, pk, m); the byte[] overload would be Ed25519ctx.
                Ed25519.Sign(seed.Span, (ReadOnlySpan<byte>)publicKey, _message.ToArray(), signature);
            }
            finally
            {
                seed.DangerousRelease();
                Dispose();
            }

            return new SimpleBlockResult(signature);
        }

        public void Dispose() => _message.Dispose();
    }
}
