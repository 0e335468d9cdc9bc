using Kes.Api.Hosting;
using Kes.Application.Caching;
using Kes.Application.Logs;
using Kes.Application.Policies;
using Kes.Domain.Policies;
using Kes.Infrastructure.KeyStores.FileSystem;
using Kes.Infrastructure.Tls;
using System.Runtime.Versioning;

namespace Kes.Api.Cli.Server;

/// <summary><c>kes server</c> with neither <c>--config</c> nor <c>--dev</c>: a filesystem keystore in a local folder, a self-signed certificate and a persistent admin API key, so that a newcomer's first command gives a server that keeps its keys.</summary>
[UnsupportedOSPlatform("windows")]
public static class EmbeddedDefault
{
    private const string ApiKeyFile = "admin.key";

    /// <summary>Loads or creates the data folder (<c>keys/</c>, <c>admin.key</c>, all 0600/0700) and the settings for it.</summary>
    public static ServerSettings Create(ServerOptions options, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stdout);
        var folder = Path.GetFullPath(options.DataFolder);
        var created = !Directory.Exists(folder);
        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var apiKey = LoadOrCreateApiKey(Path.Combine(folder, ApiKeyFile));
        var address = options.ListenAddress("127.0.0.1:7373");
        var store = new FileSystemKeyStore(Path.Combine(folder, "keys"));
        if (created)
        {
            stdout.WriteLine($"Created {folder} for the embedded default keystore.");
        }

        return new ServerSettings
        {
            Address = address,
            Certificate = DevMode.ServerCertificate(address, ["localhost"]),
            Admin = apiKey.Identity,
            Access = new PolicyHolder(PolicySet.Create(apiKey.Identity, [])),
            KeyStore = store,
            KeyStoreDescription = store.Description,
            Cache = CacheOptions.Default,
            ErrorLogLevel = LogLevels.Info,
            AuditLogLevel = LogLevels.Info,
            ExtraBannerLines = [("API Key", apiKey.ToString())],
        };
    }

    private static ApiKey LoadOrCreateApiKey(string path)
    {
        if (File.Exists(path))
        {
            return ApiKey.Parse(File.ReadAllText(path).Trim());
        }

        var apiKey = ApiKey.Generate();
        using var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        using var writer = new StreamWriter(file);
        writer.Write(apiKey.ToString());
        return apiKey;
    }
}
