using Kes.Credentials.Pem;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kes.Credentials.Certificates;

/// <summary>Loads the extra CA certificates of <c>tls.ca</c> (docs/config.md §4.3): one file, or every file of a directory, each holding only CERTIFICATE blocks.</summary>
/// <remarks>
/// Upstream adds these to a copy of the system pool. The result here holds only the configured
/// certificates; the caller trusts them alongside the system roots (for example a chain policy in
/// <c>CustomRootTrust</c> mode whose store holds both).
/// </remarks>
public static class CaLoader
{
    /// <summary>The certificates of the file or directory at <paramref name="path"/>.</summary>
    /// <exception cref="TlsLoadException"><c>failed to read TLS CA certificates: &lt;reason&gt;</c>.</exception>
    public static X509Certificate2Collection Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var certificates = new X509Certificate2Collection();
        try
        {
            if (!GoFileError.IsDirectory(path))
            {
                Append(certificates, path);
                return certificates;
            }

            foreach (var entry in ReadDirectory(path))
            {
                // Go's DirEntry.IsDir does not follow links: a link to a directory is read, and fails.
                if (entry is DirectoryInfo && entry.LinkTarget is null)
                {
                    continue;
                }

                Append(certificates, Path.Join(path, entry.Name));
            }

            return certificates;
        }
        catch (TlsLoadException e)
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }

            throw new TlsLoadException("failed to read TLS CA certificates: " + e.Message, e);
        }
    }

    private static FileSystemInfo[] ReadDirectory(string path)
    {
        try
        {
            var entries = new DirectoryInfo(path).GetFileSystemInfos();
            Array.Sort(entries, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            return entries;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TlsLoadException($"open {path}: {(e is UnauthorizedAccessException ? "permission denied" : e.Message)}", e);
        }
    }

    // Go's CertPool.AppendCertsFromPEM: blocks with headers and certificates that do not parse are skipped, but one must be added.
    private static void Append(X509Certificate2Collection certificates, string file)
    {
        var added = 0;
        foreach (var block in GoPem.Filter(GoFileError.ReadFile(file), static type => type == "CERTIFICATE"))
        {
            if (block.Headers.Count != 0)
            {
                continue;
            }

            try
            {
                certificates.Add(X509CertificateLoader.LoadCertificate(block.Bytes));
                added++;
            }
            catch (CryptographicException)
            {
                // Skipped, as Go skips a certificate it cannot parse.
            }
        }

        if (added == 0)
        {
            throw new TlsLoadException($"https: failed to add '{file}' as CA certificate");
        }
    }
}
