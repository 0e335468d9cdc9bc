using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Kes.Credentials.Keys;

/// <summary>A TLS private key parsed as Go's <c>tls.X509KeyPair</c> does (PKCS#1, then PKCS#8, then SEC 1) and checked against the certificate.</summary>
public sealed class TlsPrivateKey : IDisposable
{
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcOid = "1.2.840.10045.2.1";
    private const string Ed25519Oid = "1.3.101.112";
    private const string X25519Oid = "1.3.101.110";

    private enum KeyFormat
    {
        Pkcs1,
        Pkcs8,
        Sec1,
    }

    private TlsPrivateKey(AsymmetricAlgorithm? algorithm, byte[]? ed25519PublicKey)
    {
        Algorithm = algorithm;
        Ed25519PublicKey = ed25519PublicKey;
    }

    /// <summary>The RSA or ECDSA key; null for Ed25519, which the platform cannot hold.</summary>
    public AsymmetricAlgorithm? Algorithm { get; }

    /// <summary>For an Ed25519 key, the public key derived from its seed.</summary>
    public byte[]? Ed25519PublicKey { get; }

    /// <summary>Parses a DER private key; the caller keeps and zeroes <paramref name="der"/>.</summary>
    /// <exception cref="TlsLoadException"><c>tls: failed to parse private key</c> or <c>tls: found unknown private key type in PKCS#8 wrapping</c>.</exception>
    public static TlsPrivateKey Parse(ReadOnlySpan<byte> der)
    {
        var key = TryImport(RSA.Create(), der, KeyFormat.Pkcs1)
            ?? TryParsePkcs8(der)
            ?? TryImport(ECDsa.Create(), der, KeyFormat.Sec1);
        return key ?? throw new TlsLoadException("tls: failed to parse private key");
    }

    /// <summary>Go's check that the key belongs to <paramref name="leaf"/>, with its messages.</summary>
    public void EnsureMatches(X509Certificate2 leaf)
    {
        if (leaf.GetKeyAlgorithm() == RsaOid)
        {
            using var publicKey = leaf.GetRSAPublicKey();
            if (Algorithm is not RSA rsa || publicKey is null)
            {
                throw TypeMismatch();
            }

            if (!publicKey.ExportParameters(false).Modulus.AsSpan().SequenceEqual(rsa.ExportParameters(false).Modulus))
            {
                throw KeyMismatch();
            }
        }
        else if (leaf.GetKeyAlgorithm() == EcOid)
        {
            using var publicKey = leaf.GetECDsaPublicKey();
            if (Algorithm is not ECDsa ecdsa || publicKey is null)
            {
                throw TypeMismatch();
            }

            var expected = publicKey.ExportParameters(false).Q;
            var actual = ecdsa.ExportParameters(false).Q;
            if (!expected.X.AsSpan().SequenceEqual(actual.X) || !expected.Y.AsSpan().SequenceEqual(actual.Y))
            {
                throw KeyMismatch();
            }
        }
        else if (leaf.GetKeyAlgorithm() == Ed25519Oid)
        {
            if (Ed25519PublicKey is null)
            {
                throw TypeMismatch();
            }

            if (!leaf.PublicKey.EncodedKeyValue.RawData.AsSpan().SequenceEqual(Ed25519PublicKey))
            {
                throw KeyMismatch();
            }
        }
        else
        {
            throw new TlsLoadException("tls: unknown public key algorithm");
        }
    }

    /// <inheritdoc />
    public void Dispose() => Algorithm?.Dispose();

    private static TlsPrivateKey? TryParsePkcs8(ReadOnlySpan<byte> der)
    {
        if (!Ed25519Pkcs8.TryReadAlgorithm(der, out var oid))
        {
            return null;
        }

        switch (oid)
        {
            case RsaOid:
                return TryImport(RSA.Create(), der, KeyFormat.Pkcs8);
            case EcOid:
                return TryImport(ECDsa.Create(), der, KeyFormat.Pkcs8);
            case Ed25519Oid:
                return TryParseEd25519(der);
            case X25519Oid:
                throw new TlsLoadException("tls: found unknown private key type in PKCS#8 wrapping");
            default:
                return null;
        }
    }

    private static TlsPrivateKey? TryParseEd25519(ReadOnlySpan<byte> pkcs8)
    {
        Span<byte> seed = stackalloc byte[Ed25519.SecretKeySize];
        try
        {
            if (!Ed25519Pkcs8.TryReadSeed(pkcs8, seed))
            {
                return null;
            }

            var publicKey = new byte[Ed25519.PublicKeySize];
            Ed25519.GeneratePublicKey(seed, publicKey);
            return new TlsPrivateKey(null, publicKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    private static TlsPrivateKey? TryImport(AsymmetricAlgorithm key, ReadOnlySpan<byte> der, KeyFormat format)
    {
        try
        {
            int read;
            switch (format)
            {
                case KeyFormat.Pkcs1:
                    ((RSA)key).ImportRSAPrivateKey(der, out read);
                    break;
                case KeyFormat.Sec1:
                    ((ECDsa)key).ImportECPrivateKey(der, out read);
                    break;
                default:
                    key.ImportPkcs8PrivateKey(der, out read);
                    break;
            }

            if (read == der.Length)
            {
                return new TlsPrivateKey(key, null);
            }
        }
        catch (CryptographicException)
        {
            // Not this format; like Go, the caller goes on to the next one.
        }

        key.Dispose();
        return null;
    }

    private static TlsLoadException TypeMismatch() => new("tls: private key type does not match public key type");

    private static TlsLoadException KeyMismatch() => new("tls: private key does not match public key");
}
