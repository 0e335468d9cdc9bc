using Kes.Client;
using Kes.Client.Credentials;
using Kes.Client.Http;
using Kes.Credentials;

namespace Kes.Api.Cli.Common;

/// <summary>Builds the client of a command from the environment as docs/cli.md §2 says: the endpoint and credential variables in priority order, and the credential checks with their messages.</summary>
internal sealed class ClientConnection : IDisposable
{
    private ClientConnection(KesClient client, KesCredentials credentials)
    {
        Client = client;
        Credentials = credentials;
    }

    public KesClient Client { get; }

    public KesCredentials Credentials { get; }

    /// <summary>The first endpoint, as <c>host:port</c>, for the <c>kes status</c> header.</summary>
    public string FirstEndpoint => Client.Endpoints[0].Authority;

    /// <summary>Connects as the environment says; <paramref name="server"/> and <paramref name="apiKey"/> are the flags that <c>kes ls</c> alone has.</summary>
    /// <exception cref="CliException">A credential is missing, conflicting or unusable.</exception>
    public static ClientConnection Open(CliConsole console, bool insecure, string? server = null, string? apiKey = null)
    {
        var endpoints = server ?? First(console, "MINIO_KES_SERVER", "KES_SERVER", "MINIO_KMS_KES_ENDPOINT") ?? "127.0.0.1:7373";
        apiKey ??= First(console, "MINIO_KES_API_KEY", "KES_API_KEY", "MINIO_KMS_KES_API_KEY") ?? string.Empty;
        var keyFile = First(console, "MINIO_KES_KEY_FILE", "KES_CLIENT_KEY", "MINIO_KES_CLIENT_KEY") ?? string.Empty;
        var certFile = First(console, "MINIO_KES_CERT_FILE", "KES_CLIENT_CERT", "MINIO_KES_CLIENT_CERT") ?? string.Empty;

        if (apiKey.Length == 0 && keyFile.Length == 0 && certFile.Length == 0)
        {
            throw new CliException("no API key specified. Consider setting MINIO_KES_API_KEY");
        }

        if (apiKey.Length != 0 && keyFile.Length != 0)
        {
            throw new CliException("API key and private key file cannot be used at the same time");
        }

        if (apiKey.Length != 0 && certFile.Length != 0)
        {
            throw new CliException("API key and certificate file cannot be used at the same time");
        }

        if (keyFile.Length != 0 && certFile.Length == 0)
        {
            throw new CliException("no certificate file specified. Consider setting MINIO_KES_CERT_FILE");
        }

        if (certFile.Length != 0 && keyFile.Length == 0)
        {
            throw new CliException("no private key file specified. Consider setting MINIO_KES_KEY_FILE");
        }

        IReadOnlyList<Uri> uris;
        try
        {
            uris = KesEndpoint.ParseList(endpoints);
        }
        catch (FormatException e)
        {
            throw new CliException(e.Message, e);
        }

        if (uris.Count == 0)
        {
            throw new CliException("no server endpoint specified. Consider setting MINIO_KES_SERVER");
        }

        KesCredentials credentials;
        try
        {
            credentials = apiKey.Length != 0
                ? KesCredentials.FromApiKey(apiKey)
                : KesCredentials.FromFiles(certFile, keyFile, () => console.ReadPassword("Enter password for private key: "));
        }
        catch (Exception e) when (e is FormatException or TlsLoadException)
        {
            throw new CliException(e.Message, e);
        }

        var client = new KesClient(new KesClientOptions { Endpoints = uris, Credentials = credentials, InsecureSkipVerify = insecure });
        return new ClientConnection(client, credentials);
    }

    public void Dispose()
    {
        Client.Dispose();
        Credentials.Dispose();
    }

    // The first variable that is set wins, even when it is set to the empty string.
    private static string? First(CliConsole console, params string[] names)
    {
        foreach (var name in names)
        {
            if (console.Environment(name) is { } value)
            {
                return value;
            }
        }

        return null;
    }
}
