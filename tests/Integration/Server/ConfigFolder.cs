using System.Security.Cryptography.X509Certificates;

namespace Kes.IntegrationTests.Server;

/// <summary>A temporary folder with a server certificate and key as PEM files, a keystore folder and a config file, for <c>kes server --config</c>.</summary>
public sealed class ConfigFolder : IDisposable
{
    private ConfigFolder(string path, X509Certificate2 serverCertificate)
    {
        Path = path;
        ServerCertificate = serverCertificate;
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>The certificate the server presents (IP SAN 127.0.0.1).</summary>
    public X509Certificate2 ServerCertificate { get; }

    /// <summary>The config file's path.</summary>
    public string ConfigFile => System.IO.Path.Combine(Path, "config.yml");

    /// <summary>The fs keystore folder.</summary>
    public string KeysFolder => System.IO.Path.Combine(Path, "keys");

    /// <summary>The <c>tls:</c> section pointing at the PEM files.</summary>
    public string TlsSection => $"tls:\n  key: {System.IO.Path.Combine(Path, "server.key")}\n  cert: {System.IO.Path.Combine(Path, "server.cert")}\n";

    /// <summary>Creates the folder and writes the server certificate and key.</summary>
    public static ConfigFolder Create()
    {
        var path = Directory.CreateTempSubdirectory("kes-config-").FullName;
        var certificate = TestCertificates.Server();
        File.WriteAllText(System.IO.Path.Combine(path, "server.cert"), certificate.ExportCertificatePem());
        using var key = certificate.GetECDsaPrivateKey()!;
        File.WriteAllText(System.IO.Path.Combine(path, "server.key"), key.ExportPkcs8PrivateKeyPem());
        return new ConfigFolder(path, certificate);
    }

    /// <summary>Writes <paramref name="yaml"/> as the config file and returns its path.</summary>
    public string Write(string yaml)
    {
        File.WriteAllText(ConfigFile, yaml);
        return ConfigFile;
    }

    /// <summary>Writes <paramref name="text"/> to a file in the folder and returns its path.</summary>
    public string WriteFile(string name, string text)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, text);
        return file;
    }

    /// <summary>Removes the folder.</summary>
    public void Dispose()
    {
        ServerCertificate.Dispose();
        Directory.Delete(Path, recursive: true);
    }
}
