using Kes.Credentials.Keys;
using Kes.IntegrationTests.Server;

namespace Kes.IntegrationTests.Client;

/// <summary>A test server whose admin is an API key, with the RSA <c>allowed</c> identity's certificate and key written to PEM files for the file credentials.</summary>
public sealed class ApiKeyServer : IAsyncLifetime
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("kes-apikey-").FullName;

    public KesTestServer Server { get; private set; } = null!;

    public ApiKey AdminKey { get; } = ApiKey.Generate();

    /// <summary><c>host:port</c> of the server.</summary>
    public string Endpoint => Server.BaseAddress.Authority;

    /// <summary>The environment of an admin that authenticates with the API key.</summary>
    public Dictionary<string, string> ApiKeyEnvironment => new() { ["KES_SERVER"] = Endpoint, ["KES_API_KEY"] = AdminKey.Reveal() };

    /// <summary>The environment of the <c>app</c> policy member that authenticates with certificate and key files.</summary>
    public Dictionary<string, string> FileEnvironment => new()
    {
        ["KES_SERVER"] = Endpoint,
        ["KES_CLIENT_CERT"] = Path.Combine(_directory, "client.crt"),
        ["KES_CLIENT_KEY"] = Path.Combine(_directory, "client.key"),
    };

    public string Directory => _directory;

    public async Task InitializeAsync()
    {
        Server = await KesTestServer.StartAsync(TestAccess.With(AdminKey.Identity));
        var allowed = Server.Identities.Allowed;
        File.WriteAllText(Path.Combine(_directory, "client.crt"), allowed.ExportCertificatePem());
        using var key = System.Security.Cryptography.X509Certificates.RSACertificateExtensions.GetRSAPrivateKey(allowed)!;
        File.WriteAllText(Path.Combine(_directory, "client.key"), key.ExportPkcs8PrivateKeyPem());
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        AdminKey.Dispose();
        System.IO.Directory.Delete(_directory, recursive: true);
    }
}
