using System.Security.Cryptography.X509Certificates;
using Kes.Client.Tls;
using Kes.Domain.Identities;
using Kes.Credentials;
using Kes.Credentials.Keys;

namespace Kes.Client.Credentials;

/// <summary>How a client authenticates: the TLS client certificate it presents. From an API key (docs/cli.md §3), from certificate and key files, or from a certificate object.</summary>
/// <remarks>
/// Ed25519 keys (every API key, and key files made by <c>kes identity new</c>) go through
/// BouncyCastle's TLS client, because the .NET TLS stack cannot present them; RSA and ECDSA keys use
/// the platform stack and may negotiate HTTP/2.
/// </remarks>
public abstract class KesCredentials : IDisposable
{
    private protected KesCredentials()
    {
    }

    /// <summary>The identity the server computes for the presented certificate.</summary>
    public abstract Identity Identity { get; }

    /// <summary>Whether requests run over BouncyCastle's TLS (Ed25519 keys).</summary>
    internal abstract bool UsesBouncyCastle { get; }

    /// <summary>Credentials for an API key: a fresh self-signed Ed25519 certificate, as kms-go makes one.</summary>
    /// <exception cref="FormatException">The key is malformed (kms-go's messages).</exception>
    public static KesCredentials FromApiKey(string apiKey)
    {
        using var key = ApiKey.Parse(apiKey);
        return FromApiKey(key);
    }

    /// <summary>Credentials for an API key; <paramref name="apiKey"/> stays owned by the caller.</summary>
    public static KesCredentials FromApiKey(ApiKey apiKey)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        using var certificate = apiKey.CreateCertificate();
        return Ed25519Credentials.FromPkcs8(certificate.PrivateKeyPkcs8, [certificate.CertificateDer.ToArray()], apiKey.Identity);
    }

    /// <summary>Credentials from a PEM certificate file and a PEM private key file (PKCS#8, PKCS#1 or SEC 1, optionally legacy-encrypted).</summary>
    /// <remarks><paramref name="password"/> is asked only when the key is encrypted.</remarks>
    /// <exception cref="TlsLoadException">A file cannot be read or used; Go's messages, and <c>incorrect password</c>.</exception>
    public static KesCredentials FromFiles(string certificateFile, string privateKeyFile, Func<string?>? password = null)
    {
        ArgumentNullException.ThrowIfNull(certificateFile);
        ArgumentNullException.ThrowIfNull(privateKeyFile);
        return ClientKeyFiles.Load(certificateFile, privateKeyFile, password);
    }

    /// <summary>Credentials from a certificate with an RSA or ECDSA private key; the caller keeps ownership of both arguments.</summary>
    public static KesCredentials FromCertificate(X509Certificate2 certificate, X509Certificate2Collection? chain = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("the certificate has no private key", nameof(certificate));
        }

        // A private copy the TLS stack can present; the PKCS#12 bytes carry the key, so they are zeroed.
        var pfx = certificate.Export(X509ContentType.Pkcs12);
        try
        {
            return new CertificateCredentials(X509CertificateLoader.LoadPkcs12(pfx, null), chain ?? [], ownsChain: false);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(pfx);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>A handler that presents these credentials and checks the server with <paramref name="check"/>.</summary>
    internal abstract HttpMessageHandler CreateHandler(ServerCertificateCheck check);

    /// <summary>Releases the private key.</summary>
    protected abstract void Dispose(bool disposing);
}
