using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kes.Credentials.Certificates;

/// <summary>Turns a certificate with an ephemeral private key into one the TLS stack can present, by exporting and re-importing it as PKCS#12.</summary>
/// <remarks>
/// <c>CopyWithPrivateKey</c> and <c>CreateFromPem</c> give a certificate whose key SslStream cannot use
/// on every platform; a PKCS#12 import always yields one it can.
/// </remarks>
public static class Pkcs12RoundTrip
{
    /// <summary>A usable copy of <paramref name="certificate"/>, which is disposed.</summary>
    public static X509Certificate2 Of(X509Certificate2 certificate)
    {
        byte[]? pfx = null;
        try
        {
            pfx = certificate.Export(X509ContentType.Pkcs12);
            return X509CertificateLoader.LoadPkcs12(pfx, password: null);
        }
        finally
        {
            if (pfx is not null)
            {
                CryptographicOperations.ZeroMemory(pfx);
            }

            certificate.Dispose();
        }
    }
}
