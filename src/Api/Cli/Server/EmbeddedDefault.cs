using Kes.Domain.Logs;
using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;
using Kes.Api.Hosting;
using Kes.Application.Caching;
using Kes.Domain.Policies;
using Kes.Infrastructure.KeyStores.FileSystem;
using Kes.Credentials.Certificates;
using Kes.Credentials.Keys;
using Kes.Infrastructure.Tls;

namespace Kes.Api.Cli.Server;

/// <summary><c>kes server</c> with neither <c>--config</c> nor <c>--dev</c>: a filesystem keystore in a local folder, a self-signed certificate and an admin API key, all kept in that folder so that a restart serves the same keys to the same clients.</summary>
/// <remarks>
/// The folder holds <c>keys/</c> (the keystore), <c>admin.key</c> (the admin API key),
/// <c>client.crt</c>/<c>client.key</c> (the API key's Ed25519 client certificate, for curl) and
/// <c>server.crt</c>/<c>server.key</c> (the TLS certificate, for clients that pin a CA such as MinIO's
/// <c>MINIO_KMS_KES_CAPATH</c>). Secrets are written 0600 in a 0700 folder, and a folder or file found
/// with another owner or looser modes is refused (<see cref="DataFolderAccess"/>). The banner names
/// the file of the admin API key, never the key: unlike dev mode's, it stays valid after the process ends.
/// </remarks>
[UnsupportedOSPlatform("windows")]
public static class EmbeddedDefault
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Public = Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode PrivateFolder = Private | UnixFileMode.UserExecute;

    /// <summary>Loads or creates the data folder and the settings for it.</summary>
    public static ServerSettings Create(ServerOptions options, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stdout);
        var folder = Path.GetFullPath(options.DataFolder);
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder, PrivateFolder);
            stdout.WriteLine($"Created {folder} for the embedded default keystore.");
        }

        // Checked after creating too: a folder someone else made in between must not be trusted either.
        DataFolderAccess.RequirePrivateFolder(folder);
        var keys = Path.Combine(folder, "keys");
        if (!Directory.Exists(keys))
        {
            Directory.CreateDirectory(keys, PrivateFolder);
        }

        DataFolderAccess.RequirePrivateFolder(keys);
        var address = options.ListenAddress("127.0.0.1:7373");
        var adminKeyFile = Path.Combine(folder, "admin.key");
        using var apiKey = LoadOrCreateApiKey(folder, adminKeyFile);
        var certificate = LoadOrCreateServerCertificate(folder, address);
        var store = new FileSystemKeyStore(keys);
        return new ServerSettings
        {
            Address = address,
            Certificate = certificate,
            Admin = apiKey.Identity,
            Policies = PolicySet.Create(apiKey.Identity, []),
            KeyStore = store,
            KeyStoreDescription = store.Description,
            Cache = CacheOptions.Default,
            ErrorLogLevel = SlogLevels.Info,
            AuditLogLevel = SlogLevels.Info,
            // The key outlives the process, so logs (journald, container logs) get where it is, never the key itself.
            ExtraBannerLines =
            [
                ("API Key file", adminKeyFile),
                ("Client cert", $"{Path.Combine(folder, "client.crt")} (key: {Path.Combine(folder, "client.key")})"),
                ("Server CA", Path.Combine(folder, "server.crt")),
            ],
        };
    }

    private static ApiKey LoadOrCreateApiKey(string folder, string path)
    {
        var certificateFile = Path.Combine(folder, "client.crt");
        var keyFile = Path.Combine(folder, "client.key");
        if (File.Exists(path))
        {
            DataFolderAccess.RequireSecretFile(path);
            RequireIfPresent(certificateFile, keyFile);
            return ApiKey.Parse(File.ReadAllText(path).Trim());
        }

        var apiKey = ApiKey.Generate();
        Write(path, apiKey.Reveal(), Private);
        using var certificate = apiKey.CreateCertificate();
        Write(certificateFile, certificate.CertificatePem, Public);
        Write(keyFile, certificate.PrivateKeyPem, Private);
        return apiKey;
    }

    private static X509Certificate2 LoadOrCreateServerCertificate(string folder, System.Net.IPEndPoint address)
    {
        var certificateFile = Path.Combine(folder, "server.crt");
        var keyFile = Path.Combine(folder, "server.key");
        RequireIfPresent(certificateFile, keyFile);
        if (!File.Exists(certificateFile) || !File.Exists(keyFile))
        {
            using var generated = DevCertificate.Create(CertificateKeyType.Ecdsa, new CertificateTemplate
            {
                CommonName = "localhost",
                ServerAuth = true,
                Validity = TimeSpan.FromDays(365),
                IPAddresses = [.. DevMode.ServerAddresses(address)],
                DnsNames = ["localhost"],
            });
            Write(certificateFile, generated.CertificatePem, Public);
            Write(keyFile, generated.PrivateKeyPem, Private);
        }

        return ServerCertificateLoader.Load(certificateFile, keyFile, password: null).Certificate;
    }

    private static void RequireIfPresent(string certificateFile, string keyFile)
    {
        if (File.Exists(certificateFile))
        {
            DataFolderAccess.RequirePublicFile(certificateFile);
        }

        if (File.Exists(keyFile))
        {
            DataFolderAccess.RequireSecretFile(keyFile);
        }
    }

    private static void Write(string path, ReadOnlySpan<char> text, UnixFileMode mode)
    {
        using var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = mode,
        });
        using var writer = new StreamWriter(file);
        writer.Write(text);
    }
}
