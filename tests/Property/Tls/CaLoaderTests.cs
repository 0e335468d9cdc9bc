using Kes.Credentials;
using Kes.Credentials.Certificates;

namespace Kes.PropertyTests.Tls;

public sealed class CaLoaderTests : IDisposable
{
    private const string Prefix = "failed to read TLS CA certificates: ";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string CaPem(string name)
    {
        using var ca = DevCertificate.Create(CertificateKeyType.Ecdsa, new CertificateTemplate { CommonName = name, IsCertificateAuthority = true });
        return ca.CertificatePem;
    }

    private static string Error(string path) => Assert.Throws<TlsLoadException>(() => CaLoader.Load(path)).Message;

    [Fact]
    public void A_file_gives_all_its_certificates()
    {
        var file = _dir.Write("ca.pem", CaPem("one") + "\n" + CaPem("two"));
        var certificates = CaLoader.Load(file);
        Assert.Equal(["CN=one", "CN=two"], certificates.Select(c => c.Subject));
    }

    [Fact]
    public void A_directory_gives_the_certificates_of_every_file_and_skips_subdirectories()
    {
        _dir.Write("b.pem", CaPem("b"));
        _dir.Write("a.crt", CaPem("a"));
        _dir.Write("nested/c.pem", "not even PEM");
        var certificates = CaLoader.Load(_dir.Path);
        Assert.Equal(["CN=a", "CN=b"], certificates.Select(c => c.Subject));
    }

    [Fact]
    public void A_file_that_is_not_pem_fails_the_whole_directory()
    {
        _dir.Write("a.pem", CaPem("a"));
        _dir.Write("README", "these are our CAs");
        Assert.Equal(Prefix + "https: no valid PEM data", Error(_dir.Path));
    }

    [Fact]
    public void A_private_key_in_a_ca_file_is_an_unsupported_block()
    {
        using var ca = DevCertificate.Create(CertificateKeyType.Ecdsa, new CertificateTemplate { CommonName = "ca", IsCertificateAuthority = true });
        var file = _dir.Write("ca.pem", ca.CertificatePem + "\n" + new string(ca.PrivateKeyPem));
        Assert.Equal(Prefix + "https: unsupported PEM data block", Error(file));
    }

    [Fact]
    public void A_file_without_a_parsable_certificate_cannot_be_added()
    {
        var empty = _dir.Write("empty.pem", string.Empty);
        Assert.Equal($"{Prefix}https: failed to add '{empty}' as CA certificate", Error(empty));

        var broken = _dir.Write("broken.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        Assert.Equal($"{Prefix}https: failed to add '{broken}' as CA certificate", Error(broken));
    }

    [Fact]
    public void A_missing_path_is_reported_with_the_go_stat_error()
    {
        var missing = Path.Join(_dir.Path, "nope");
        Assert.Equal($"{Prefix}stat {missing}: no such file or directory", Error(missing));
    }
}
