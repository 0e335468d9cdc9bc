using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kes.Credentials;
using Kes.Credentials.Certificates;
using Kes.Credentials.Keys;
using Kes.Credentials.Pem;
using Kes.Domain.Identities;

namespace Kes.Client.Credentials;

/// <summary>Loads client credentials from PEM files with the <c>kes</c> CLI's rules (docs/cli.md §2.2): the certificate file holds only CERTIFICATE blocks; the key file's first <c>PRIVATE KEY</c> or <c>… PRIVATE KEY</c> block is used, decrypted with a password if it carries legacy encryption headers.</summary>
internal static class ClientKeyFiles
{
    public const string IncorrectPassword = "incorrect password";

    public static KesCredentials Load(string certificateFile, string privateKeyFile, Func<string?>? password)
    {
        var certificates = GoPem.Filter(GoFileError.ReadFile(certificateFile), static type => type == "CERTIFICATE");
        if (certificates.Count == 0)
        {
            throw new TlsLoadException("tls: failed to find any PEM data in certificate input");
        }

        var keyFile = GoFileError.ReadFile(privateKeyFile);
        PemBlock? keyBlock = null;
        byte[]? decrypted = null;
        try
        {
            keyBlock = FirstPrivateKey(keyFile) ?? throw new TlsLoadException("tls: failed to find any PEM data in key input");
            if (LegacyPemDecryption.IsEncrypted(keyBlock))
            {
                var secret = password?.Invoke();
                if (string.IsNullOrEmpty(secret))
                {
                    throw new TlsLoadException("private key is encrypted: password required");
                }

                try
                {
                    decrypted = LegacyPemDecryption.Decrypt(keyBlock, secret);
                }
                catch (TlsLoadException e) when (e.Message == LegacyPemDecryption.IncorrectPassword)
                {
                    throw new TlsLoadException(IncorrectPassword, e);
                }
            }

            return Pair(certificates, decrypted ?? keyBlock.Bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyFile);
            if (keyBlock is not null)
            {
                CryptographicOperations.ZeroMemory(keyBlock.Bytes);
            }

            if (decrypted is not null)
            {
                CryptographicOperations.ZeroMemory(decrypted);
            }
        }
    }

    private static PemBlock? FirstPrivateKey(ReadOnlySpan<byte> data)
    {
        while (GoPem.Decode(data, out var consumed) is { } block)
        {
            if (block.Type == "PRIVATE KEY" || block.Type.EndsWith(" PRIVATE KEY", StringComparison.Ordinal))
            {
                return block;
            }

            CryptographicOperations.ZeroMemory(block.Bytes);
            data = data[consumed..];
        }

        return null;
    }

    private static KesCredentials Pair(List<PemBlock> certificates, byte[] privateKey)
    {
        var leafDer = certificates[0].Bytes;
        if (!CertificateFields.TryRead(leafDer, out var spki, out _))
        {
            throw new TlsLoadException("x509: malformed certificate");
        }

        var identity = Identity.FromSubjectPublicKeyInfo(spki.Span);
        if (Ed25519Pkcs8.TryReadAlgorithm(privateKey, out var algorithm) && algorithm == "1.3.101.112")
        {
            var credentials = Ed25519Credentials.FromPkcs8(privateKey, certificates.ConvertAll(static block => block.Bytes), identity);
            if (!spki.Span.EndsWith(credentials.PublicKey))
            {
                credentials.Dispose();
                throw new TlsLoadException("tls: private key does not match public key");
            }

            return credentials;
        }

        using var leaf = LoadCertificate(leafDer);
        using var key = TlsPrivateKey.Parse(privateKey);
        key.EnsureMatches(leaf);
        var withKey = key.Algorithm switch
        {
            RSA rsa => leaf.CopyWithPrivateKey(rsa),
            ECDsa ecdsa => leaf.CopyWithPrivateKey(ecdsa),
            _ => throw new TlsLoadException("tls: unknown private key type"),
        };

        var chain = new X509Certificate2Collection();
        for (var i = 1; i < certificates.Count; i++)
        {
            chain.Add(LoadCertificate(certificates[i].Bytes));
        }

        return new CertificateCredentials(Pkcs12RoundTrip.Of(withKey), chain, ownsChain: true);
    }

    private static X509Certificate2 LoadCertificate(byte[] der)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException e)
        {
            throw new TlsLoadException("x509: malformed certificate", e);
        }
    }
}
