using System.Security.Cryptography;
using Kes.Client.Tls;
using Kes.Credentials.Keys;
using Kes.Domain.Identities;
using Kes.Domain.Keys;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Kes.Client.Credentials;

/// <summary>An Ed25519 client key and certificate, presented through BouncyCastle's TLS client.</summary>
internal sealed class Ed25519Credentials : KesCredentials
{
    private readonly Ed25519ClientKey _key;

    private Ed25519Credentials(Ed25519ClientKey key, Identity identity)
    {
        _key = key;
        Identity = identity;
    }

    public override Identity Identity { get; }

    internal override bool UsesBouncyCastle => true;

    /// <summary>Credentials from a PKCS#8 Ed25519 key and DER certificates (leaf first).</summary>
    public static Ed25519Credentials FromPkcs8(ReadOnlySpan<byte> pkcs8, IReadOnlyList<byte[]> chain, Identity identity)
    {
        Span<byte> seed = stackalloc byte[Ed25519Pkcs8.SeedSize];
        try
        {
            if (!Ed25519Pkcs8.TryReadSeed(pkcs8, seed))
            {
                throw new ArgumentException("not an Ed25519 PKCS#8 key", nameof(pkcs8));
            }

            var publicKey = new byte[Ed25519.PublicKeySize];
            Ed25519.GeneratePublicKey(seed, publicKey);
            return new Ed25519Credentials(new Ed25519ClientKey(SecretMemory.CopyOf(seed), publicKey, chain), identity);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>The public key derived from the seed, to check it against the certificate.</summary>
    public ReadOnlySpan<byte> PublicKey => _key.PublicKey;

    internal override HttpMessageHandler CreateHandler(ServerCertificateCheck check)
    {
        var connector = new BouncyTlsConnector(_key, check);
        return new SocketsHttpHandler
        {
            ConnectCallback = connector.ConnectAsync,
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 10,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
        };
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _key.Seed.Dispose();
        }
    }
}
