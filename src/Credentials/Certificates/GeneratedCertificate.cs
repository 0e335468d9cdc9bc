using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kes.Credentials.Certificates;

/// <summary>A generated certificate and its private key as a TLS peer needs them: the certificate as DER and PEM, the key as PKCS#8 DER and PEM.</summary>
/// <remarks>
/// The key lives in pinned arrays that <see cref="Dispose"/> zeroes, so it leaves this object only
/// as spans the caller reads while the object is alive.
/// </remarks>
public sealed class GeneratedCertificate : IDisposable
{
    private const string PrivateKeyLabel = "PRIVATE KEY";

    private readonly byte[] _certificate;
    private readonly byte[] _privateKey;
    private readonly char[] _privateKeyPem;
    private bool _disposed;

    internal GeneratedCertificate(CertificateKeyType keyType, byte[] certificateDer, ReadOnlySpan<byte> privateKeyPkcs8)
    {
        KeyType = keyType;
        _certificate = certificateDer;
        _privateKey = GC.AllocateUninitializedArray<byte>(privateKeyPkcs8.Length, pinned: true);
        privateKeyPkcs8.CopyTo(_privateKey);
        _privateKeyPem = GC.AllocateUninitializedArray<char>(PemEncoding.GetEncodedSize(PrivateKeyLabel.Length, _privateKey.Length), pinned: true);
        PemEncoding.TryWrite(PrivateKeyLabel, _privateKey, _privateKeyPem, out _);
    }

    /// <summary>The key algorithm.</summary>
    public CertificateKeyType KeyType { get; }

    /// <summary>The certificate, DER-encoded.</summary>
    public ReadOnlyMemory<byte> CertificateDer => _certificate;

    /// <summary>The certificate as a PEM <c>CERTIFICATE</c> block.</summary>
    public string CertificatePem => PemEncoding.WriteString("CERTIFICATE", _certificate);

    /// <summary>The private key as PKCS#8 DER; valid until <see cref="Dispose"/>.</summary>
    public ReadOnlySpan<byte> PrivateKeyPkcs8
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _privateKey;
        }
    }

    /// <summary>The private key as a PEM <c>PRIVATE KEY</c> block; valid until <see cref="Dispose"/>.</summary>
    public ReadOnlySpan<char> PrivateKeyPem
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _privateKeyPem;
        }
    }

    /// <summary>The certificate with its key, usable by <c>SslStream</c> and <c>HttpClient</c>.</summary>
    /// <exception cref="PlatformNotSupportedException">For Ed25519: the .NET TLS stack cannot hold that key (docs/COMPATIBILITY.md); use BouncyCastle's TLS client with <see cref="PrivateKeyPkcs8"/>.</exception>
    public X509Certificate2 ToX509Certificate2()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (KeyType == CertificateKeyType.Ed25519)
        {
            throw new PlatformNotSupportedException("the .NET TLS stack cannot use an Ed25519 private key");
        }

        return Pkcs12RoundTrip.Of(X509Certificate2.CreateFromPem(CertificatePem, _privateKeyPem));
    }

    /// <summary>Zeroes the private key.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        CryptographicOperations.ZeroMemory(_privateKey);
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_privateKeyPem.AsSpan()));
    }
}
