using System.Security.Cryptography.X509Certificates;
using Kes.Api.Hosting;

namespace Kes.IntegrationTests.Server;

/// <summary>Connections share one OpenSSL context that resumes no session: every handshake is a full one, as before the context was shared (docs/api.md §1).</summary>
public sealed class TlsResumptionTests : IClassFixture<SharedServer>, IDisposable
{
    private readonly KesTestServer _server;
    private readonly string _folder = Directory.CreateTempSubdirectory("kes-resume-").FullName;

    public TlsResumptionTests(SharedServer shared)
    {
        ArgumentNullException.ThrowIfNull(shared);
        _server = shared.Server;
    }

    [SkippableFact]
    public async Task A_reconnect_offering_the_first_session_is_not_resumed()
    {
        Skip.If(OpenSslClient.SkipReason is not null, OpenSslClient.SkipReason);
        Skip.IfNot(OperatingSystem.IsLinux(), ".NET uses OpenSSL for TLS on Linux only");
        var certificate = Path.Combine(_folder, "client.crt");
        var key = Path.Combine(_folder, "client.key");
        await File.WriteAllTextAsync(certificate, _server.Identities.Admin.ExportCertificatePem());
        using (var ecdsa = _server.Identities.Admin.GetECDsaPrivateKey()!)
        {
            await File.WriteAllTextAsync(key, ecdsa.ExportPkcs8PrivateKeyPem());
        }

        // -reconnect connects five more times offering the first session; TLS 1.2, because openssl offers a TLS 1.3
        // ticket only once it has read one, which it does not before reconnecting.
        var output = await OpenSslClient.ConnectAsync(_server, "-tls1_2", "-cert", certificate, "-key", key, "-reconnect");
        Assert.Equal(6, output.Split('\n').Count(line => line.StartsWith("New, TLSv1.2,", StringComparison.Ordinal)));
        Assert.DoesNotContain("Reused,", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Connections_share_one_openssl_context_on_linux()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), ".NET uses OpenSSL for TLS on Linux only");
        var state = new TlsState(TestCertificates.Server(), [], verify: false, [], certificateOptional: false);
        Assert.True(state.SharesContext);
        Assert.Null(state.ForConnection().CipherSuitesPolicy);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
