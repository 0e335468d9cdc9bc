using System.Diagnostics;
using System.Text;
using Kes.Credentials.Certificates;

namespace Kes.IntegrationTests.Server;

/// <summary>HTTPS requests through /usr/bin/curl (OpenSSL 3), which can present an Ed25519 API-key certificate where .NET's TLS client cannot (docs/COMPATIBILITY.md).</summary>
public sealed class CurlClient : IDisposable
{
    private const string Curl = "/usr/bin/curl";
    private readonly string _folder;
    private readonly Uri _baseAddress;
    private readonly bool _withCertificate;

    private CurlClient(string folder, Uri baseAddress, bool withCertificate)
    {
        _folder = folder;
        _baseAddress = baseAddress;
        _withCertificate = withCertificate;
    }

    /// <summary>A client for <paramref name="server"/> that presents <paramref name="certificate"/> (or no certificate at all).</summary>
    public static CurlClient Create(KesTestServer server, GeneratedCertificate? certificate)
    {
        ArgumentNullException.ThrowIfNull(server);
        Assert.True(File.Exists(Curl), "the Ed25519 client tests need curl with OpenSSL 3 at " + Curl);
        var folder = Directory.CreateTempSubdirectory("kes-curl-").FullName;
        File.WriteAllText(Path.Combine(folder, "ca.pem"), server.ServerCertificate.ExportCertificatePem());
        if (certificate is not null)
        {
            File.WriteAllText(Path.Combine(folder, "client.pem"), certificate.CertificatePem);
            var keyFile = Path.Combine(folder, "client.key");
            File.WriteAllBytes(keyFile, []);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.WriteAllBytes(keyFile, Encoding.ASCII.GetBytes(certificate.PrivateKeyPem.ToArray()));
        }

        return new CurlClient(folder, server.BaseAddress, certificate is not null);
    }

    /// <summary>Sends one HTTP/1.1 request; streaming replies are cut after <paramref name="maxSeconds"/> and keep what arrived.</summary>
    public async Task<CurlResponse> SendAsync(string method, string pathAndQuery, string? body = null, double maxSeconds = 10)
    {
        var start = new ProcessStartInfo(Curl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--silent", "--show-error", "--http1.1", "--path-as-is", "--include", "--cacert", Path.Combine(_folder, "ca.pem"), "--max-time", maxSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "--request", method })
        {
            start.ArgumentList.Add(argument);
        }

        if (_withCertificate)
        {
            start.ArgumentList.Add("--cert");
            start.ArgumentList.Add(Path.Combine(_folder, "client.pem"));
            start.ArgumentList.Add("--key");
            start.ArgumentList.Add(Path.Combine(_folder, "client.key"));
        }

        if (body is not null)
        {
            start.ArgumentList.Add("--data-binary");
            start.ArgumentList.Add("@-");
        }

        start.ArgumentList.Add(new Uri(_baseAddress, pathAndQuery).AbsoluteUri);
        using var process = Process.Start(start)!;
        if (body is not null)
        {
            await process.StandardInput.WriteAsync(body);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return CurlResponse.Parse(await output, await error, process.ExitCode);
    }

    /// <summary>Removes the certificate files.</summary>
    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
