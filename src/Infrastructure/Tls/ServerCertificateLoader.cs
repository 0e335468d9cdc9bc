using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kes.Credentials;
using Kes.Credentials.Certificates;
using Kes.Credentials.Keys;
using Kes.Credentials.Pem;

namespace Kes.Infrastructure.Tls;

/// <summary>Loads the server certificate from <c>tls.cert</c>, <c>tls.key</c> and <c>tls.password</c> with KES's rules and messages (docs/config.md §4.3).</summary>
/// <remarks>
/// The certificate file may hold only CERTIFICATE blocks: the leaf first, then its chain. The key
/// file's first <c>PRIVATE KEY</c> or <c>… PRIVATE KEY</c> block is used; if it carries legacy OpenSSL
/// encryption headers it is decrypted with the password. PKCS#8 <c>ENCRYPTED PRIVATE KEY</c> is not
/// supported, as upstream. RSA and ECDSA keys work. Ed25519 keys are parsed and checked but then
/// rejected: the .NET TLS stack cannot hold an Ed25519 private key (<c>'1.3.101.112' is not a known
/// key algorithm</c>), so no server certificate can be built from one.
/// </remarks>
public static class ServerCertificateLoader
{
    /// <summary>The error when the leaf names no host: Go clients ignore the subject CN.</summary>
    public const string MissingSanMessage = "invalid TLS certificate: certificate does not contain any DNS or IP address as SAN";

    private const string SubjectAlternativeNameOid = "2.5.29.17";

    /// <summary>Reads and checks the key pair; <paramref name="password"/> may be null or empty when the key is not encrypted.</summary>
    /// <exception cref="TlsLoadException">
    /// <c>failed to read TLS certificate: &lt;reason&gt;</c> for any load failure, or
    /// <see cref="MissingSanMessage"/> when the leaf has no DNS or IP SAN.
    /// </exception>
    public static ServerCertificate Load(string certificateFile, string privateKeyFile, string? password)
    {
        ArgumentNullException.ThrowIfNull(certificateFile);
        ArgumentNullException.ThrowIfNull(privateKeyFile);
        ServerCertificate certificate;
        try
        {
            certificate = LoadKeyPair(certificateFile, privateKeyFile, password ?? string.Empty);
        }
        catch (TlsLoadException e)
        {
            throw new TlsLoadException("failed to read TLS certificate: " + e.Message, e);
        }

        if (!HasDnsOrIpSan(certificate.Certificate))
        {
            certificate.Dispose();
            throw new TlsLoadException(MissingSanMessage);
        }

        return certificate;
    }

    private static ServerCertificate LoadKeyPair(string certificateFile, string privateKeyFile, string password)
    {
        var certificates = GoPem.Filter(GoFileError.ReadFile(certificateFile), static type => type == "CERTIFICATE");
        var keyFile = GoFileError.ReadFile(privateKeyFile);
        List<PemBlock>? keyBlocks = null;
        byte[]? decrypted = null;
        try
        {
            keyBlocks = GoPem.Filter(keyFile, static type => type == "CERTIFICATE" || IsPrivateKeyType(type));
            var keyBlock = keyBlocks.Find(static block => IsPrivateKeyType(block.Type))
                ?? throw new TlsLoadException("https: no PEM-encoded private key found");
            if (LegacyPemDecryption.IsEncrypted(keyBlock))
            {
                if (password.Length == 0)
                {
                    throw new TlsLoadException("https: private key is encrypted: password required");
                }

                decrypted = LegacyPemDecryption.Decrypt(keyBlock, password);
            }

            return Pair(certificates, decrypted ?? keyBlock.Bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyFile);
            if (decrypted is not null)
            {
                CryptographicOperations.ZeroMemory(decrypted);
            }

            foreach (var block in keyBlocks ?? [])
            {
                CryptographicOperations.ZeroMemory(block.Bytes);
            }
        }
    }

    // Go's tls.X509KeyPair: the leaf is parsed before the key, then the two must belong together.
    private static ServerCertificate Pair(List<PemBlock> certificates, byte[] privateKey)
    {
        if (certificates.Count == 0)
        {
            throw new TlsLoadException("tls: failed to find any PEM data in certificate input");
        }

        using var leaf = ParseCertificate(certificates[0].Bytes);
        using var key = TlsPrivateKey.Parse(privateKey);
        key.EnsureMatches(leaf);
        var withKey = key.Algorithm switch
        {
            RSA rsa => leaf.CopyWithPrivateKey(rsa),
            ECDsa ecdsa => leaf.CopyWithPrivateKey(ecdsa),
            _ => throw new TlsLoadException("tls: Ed25519 server certificates are not supported: the .NET TLS stack cannot use an Ed25519 private key; use an ECDSA or RSA key"),
        };

        var chain = new X509Certificate2Collection();
        try
        {
            for (var i = 1; i < certificates.Count; i++)
            {
                chain.Add(ParseCertificate(certificates[i].Bytes));
            }
        }
        catch
        {
            withKey.Dispose();
            foreach (var certificate in chain)
            {
                certificate.Dispose();
            }

            throw;
        }

        return new ServerCertificate(Pkcs12RoundTrip.Of(withKey), chain);
    }

    private static X509Certificate2 ParseCertificate(byte[] der)
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

    private static bool IsPrivateKeyType(string type) =>
        type == "PRIVATE KEY" || type.EndsWith(" PRIVATE KEY", StringComparison.Ordinal);

    private static bool HasDnsOrIpSan(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != SubjectAlternativeNameOid)
            {
                continue;
            }

            var san = extension as X509SubjectAlternativeNameExtension ?? new X509SubjectAlternativeNameExtension(extension.RawData, extension.Critical);
            foreach (var _ in san.EnumerateDnsNames())
            {
                return true;
            }

            foreach (var _ in san.EnumerateIPAddresses())
            {
                return true;
            }
        }

        return false;
    }
}
