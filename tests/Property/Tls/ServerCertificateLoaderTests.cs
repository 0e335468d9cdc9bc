using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kes.Credentials;
using Kes.Credentials.Certificates;
using Kes.Infrastructure.Tls;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Security;

namespace Kes.PropertyTests.Tls;

public sealed class ServerCertificateLoaderTests : IDisposable
{
    private const string Prefix = "failed to read TLS certificate: ";

    private static readonly string[] WrongPasswords = ["wrong", "Secret", "secret "];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static GeneratedCertificate Server(CertificateKeyType type, bool withSan = true) =>
        DevCertificate.Create(type, new CertificateTemplate
        {
            CommonName = "localhost",
            ServerAuth = true,
            DnsNames = withSan ? ["localhost"] : [],
            IPAddresses = withSan ? [IPAddress.Loopback] : [],
        });

    private (string Cert, string Key) Write(string certificatePem, string keyPem) =>
        (_dir.Write("server.cert", certificatePem), _dir.Write("server.key", keyPem));

    private (string Cert, string Key) Write(GeneratedCertificate pair) =>
        Write(pair.CertificatePem, new string(pair.PrivateKeyPem));

    private static string LegacyEncrypted(GeneratedCertificate pair, string cipher, string password)
    {
        var writer = new StringWriter();
        var pem = new PemWriter(writer);
        var key = PrivateKeyFactory.CreateKey(pair.PrivateKeyPkcs8.ToArray());
        pem.WriteObject(new MiscPemGenerator(key, cipher, password.ToCharArray(), new SecureRandom()));
        return writer.ToString();
    }

    private static string LoadError(string cert, string key, string? password = null) =>
        Assert.Throws<TlsLoadException>(() => ServerCertificateLoader.Load(cert, key, password)).Message;

    [Theory]
    [InlineData(CertificateKeyType.Ecdsa)]
    [InlineData(CertificateKeyType.Rsa)]
    public async Task A_pkcs8_key_pair_loads_and_serves_tls(CertificateKeyType type)
    {
        using var pair = Server(type);
        var (cert, key) = Write(pair);
        using var loaded = ServerCertificateLoader.Load(cert, key, null);
        Assert.True(loaded.Certificate.HasPrivateKey);
        Assert.Empty(loaded.Chain);
        Assert.Equal(pair.CertificateDer.ToArray(), loaded.Certificate.RawData);

        var seen = await TlsHandshake.ServerCertificateSeenByClientAsync(loaded.Certificate);
        Assert.Equal(pair.CertificateDer.ToArray(), seen);
    }

    [Fact]
    public void Pkcs1_rsa_and_sec1_ec_keys_load()
    {
        using var rsaPair = Server(CertificateKeyType.Rsa);
        using var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(rsaPair.PrivateKeyPkcs8, out _);
        var (cert, key) = Write(rsaPair.CertificatePem, rsa.ExportRSAPrivateKeyPem());
        using (var loaded = ServerCertificateLoader.Load(cert, key, string.Empty))
        {
            Assert.NotNull(loaded.Certificate.GetRSAPrivateKey());
        }

        using var ecPair = Server(CertificateKeyType.Ecdsa);
        using var ec = ECDsa.Create();
        ec.ImportPkcs8PrivateKey(ecPair.PrivateKeyPkcs8, out _);
        (cert, key) = Write(ecPair.CertificatePem, ec.ExportECPrivateKeyPem());
        using (var loaded = ServerCertificateLoader.Load(cert, key, null))
        {
            Assert.NotNull(loaded.Certificate.GetECDsaPrivateKey());
        }
    }

    [Fact]
    public void Certificates_after_the_leaf_become_the_chain_and_surrounding_whitespace_is_trimmed()
    {
        using var pair = Server(CertificateKeyType.Ecdsa);
        using var intermediate = DevCertificate.Create(CertificateKeyType.Rsa, new CertificateTemplate { CommonName = "intermediate", IsCertificateAuthority = true });
        var (cert, key) = Write("\n\n  " + pair.CertificatePem + "\n" + intermediate.CertificatePem + "\n\n", new string(pair.PrivateKeyPem));
        using var loaded = ServerCertificateLoader.Load(cert, key, null);
        Assert.Equal(intermediate.CertificateDer.ToArray(), Assert.Single(loaded.Chain).RawData);
    }

    [Fact]
    public void The_first_private_key_block_is_used_and_certificate_blocks_in_the_key_file_are_skipped()
    {
        using var pair = Server(CertificateKeyType.Ecdsa);
        using var other = Server(CertificateKeyType.Ecdsa);
        var (cert, key) = Write(pair.CertificatePem, pair.CertificatePem + "\n" + new string(pair.PrivateKeyPem) + "\n" + new string(other.PrivateKeyPem));
        using var loaded = ServerCertificateLoader.Load(cert, key, null);
        Assert.True(loaded.Certificate.HasPrivateKey);
    }

    [Theory]
    [InlineData(CertificateKeyType.Ecdsa, "AES-256-CBC")]
    [InlineData(CertificateKeyType.Rsa, "AES-256-CBC")]
    [InlineData(CertificateKeyType.Ecdsa, "AES-128-CBC")]
    [InlineData(CertificateKeyType.Ecdsa, "AES-192-CBC")]
    [InlineData(CertificateKeyType.Rsa, "DES-EDE3-CBC")]
    public void A_legacy_encrypted_key_is_decrypted_with_the_password(CertificateKeyType type, string cipher)
    {
        using var pair = Server(type);
        var encrypted = LegacyEncrypted(pair, cipher, "correct horse");
        Assert.Contains("Proc-Type: 4,ENCRYPTED", encrypted, StringComparison.Ordinal);
        Assert.Contains("DEK-Info: " + cipher + ",", encrypted, StringComparison.Ordinal);
        var (cert, key) = Write(pair.CertificatePem, encrypted);
        using var loaded = ServerCertificateLoader.Load(cert, key, "correct horse");
        Assert.True(loaded.Certificate.HasPrivateKey);
    }

    [Fact]
    public void A_legacy_encrypted_key_without_a_password_is_rejected()
    {
        using var pair = Server(CertificateKeyType.Ecdsa);
        var (cert, key) = Write(pair.CertificatePem, LegacyEncrypted(pair, "AES-256-CBC", "secret"));
        Assert.Equal(Prefix + "https: private key is encrypted: password required", LoadError(cert, key, string.Empty));
        Assert.Equal(Prefix + "https: private key is encrypted: password required", LoadError(cert, key));
    }

    [Fact]
    public void A_wrong_password_is_reported_as_go_reports_it()
    {
        using var pair = Server(CertificateKeyType.Ecdsa);
        var (cert, key) = Write(pair.CertificatePem, LegacyEncrypted(pair, "AES-256-CBC", "secret"));

        // Like Go, a wrong password is detected by the padding; about 1 in 256 wrong keys leave valid
        // padding and the garbage then fails to parse. Three tries make the first case all but certain.
        var messages = WrongPasswords.Select(password => LoadError(cert, key, password)).ToArray();
        Assert.All(messages, m => Assert.True(
            m is Prefix + "x509: decryption password incorrect" or Prefix + "tls: failed to parse private key", m));
        Assert.Contains(Prefix + "x509: decryption password incorrect", messages);
    }

    [Fact]
    public void A_pkcs8_encrypted_private_key_is_not_supported()
    {
        using var pair = Server(CertificateKeyType.Ecdsa);
        using var ec = ECDsa.Create();
        ec.ImportPkcs8PrivateKey(pair.PrivateKeyPkcs8, out _);
        var encrypted = ec.ExportEncryptedPkcs8PrivateKeyPem("pw", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000));
        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", encrypted, StringComparison.Ordinal);
        var (cert, key) = Write(pair.CertificatePem, encrypted);
        Assert.Equal(Prefix + "tls: failed to parse private key", LoadError(cert, key, "pw"));
    }

    [Theory]
    [InlineData("hello world")]
    [InlineData("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n")]
    public void Garbage_in_the_certificate_file_is_no_valid_pem_data(string content)
    {
        using var pair = Server(CertificateKeyType.Ecdsa);
        var (cert, key) = Write(content, new string(pair.PrivateKeyPem));
        Assert.Equal(Prefix + "https: no valid PEM data", LoadError(cert, key));
    }

    [Fact]
    public void Text_after_the_last_certificate_is_no_valid_pem_data_but_text_before_it_is_skipped()
    {
        using var pair = Server(CertificateKeyType.Ecdsa);
        var (cert, key) = Write(pair.CertificatePem + "\ntrailing words\n", new string(pair.PrivateKeyPem));
        Assert.Equal(Prefix + "https: no valid PEM data", LoadError(cert, key));

        (cert, key) = Write("Subject: CN=localhost\nIssuer: CN=localhost\n" + pair.CertificatePem, new string(pair.PrivateKeyPem));
        using var loaded = ServerCertificateLoader.Load(cert, key, null);
        Assert.True(loaded.Certificate.HasPrivateKey);
    }

    [Fact]
    public void A_private_key_in_the_certificate_file_is_an_unsupported_block()
    {
        using var pair = Server(CertificateKeyType.Ecdsa);
        var (cert, key) = Write(pair.CertificatePem + "\n" + new string(pair.PrivateKeyPem), new string(pair.PrivateKeyPem));
        Assert.Equal(Prefix + "https: unsupported PEM data block", LoadError(cert, key));
    }

    [Fact]
    public void A_public_key_in_the_key_file_is_an_unsupported_block()
    {
        using var pair = Server(CertificateKeyType.Ecdsa);
        using var certificate = X509CertificateLoader.LoadCertificate(pair.CertificateDer.Span);
        var publicKey = PemEncoding.WriteString("PUBLIC KEY", certificate.PublicKey.ExportSubjectPublicKeyInfo());
        var (cert, key) = Write(pair.CertificatePem, publicKey + "\n" + new string(pair.PrivateKeyPem));
        Assert.Equal(Prefix + "https: unsupported PEM data block", LoadError(cert, key));
    }

    [Fact]
    public void A_key_file_without_a_private_key_is_rejected()
    {
        using var pair = Server(CertificateKeyType.Ecdsa);
        var (cert, key) = Write(pair.CertificatePem, pair.CertificatePem);
        Assert.Equal(Prefix + "https: no PEM-encoded private key found", LoadError(cert, key));
    }

    [Fact]
    public void An_empty_certificate_file_has_no_pem_data()
    {
        using var pair = Server(CertificateKeyType.Ecdsa);
        var (cert, key) = Write("  \n", new string(pair.PrivateKeyPem));
        Assert.Equal(Prefix + "tls: failed to find any PEM data in certificate input", LoadError(cert, key));
    }

    [Fact]
    public void A_key_of_another_pair_or_type_is_rejected()
    {
        using var pair = Server(CertificateKeyType.Ecdsa);
        using var other = Server(CertificateKeyType.Ecdsa);
        using var rsa = Server(CertificateKeyType.Rsa);
        var (cert, key) = Write(pair.CertificatePem, new string(other.PrivateKeyPem));
        Assert.Equal(Prefix + "tls: private key does not match public key", LoadError(cert, key));

        (cert, key) = Write(pair.CertificatePem, new string(rsa.PrivateKeyPem));
        Assert.Equal(Prefix + "tls: private key type does not match public key type", LoadError(cert, key));
    }

    [Fact]
    public void Missing_files_are_reported_with_the_go_error_text()
    {
        var missing = Path.Join(_dir.Path, "missing.pem");
        using var pair = Server(CertificateKeyType.Ecdsa);
        var (cert, key) = Write(pair);
        Assert.Equal($"{Prefix}open {missing}: no such file or directory", LoadError(missing, key));
        Assert.Equal($"{Prefix}open {missing}: no such file or directory", LoadError(cert, missing));
    }

    [Fact]
    public void A_directory_given_as_a_file_is_reported_with_the_go_error_text()
    {
        using var pair = Server(CertificateKeyType.Ecdsa);
        var (_, key) = Write(pair);
        Assert.Equal($"{Prefix}read {_dir.Path}: is a directory", LoadError(_dir.Path, key));
    }

    [Fact]
    public void A_certificate_without_dns_or_ip_san_is_rejected()
    {
        using var pair = Server(CertificateKeyType.Ecdsa, withSan: false);
        var (cert, key) = Write(pair);
        Assert.Equal("invalid TLS certificate: certificate does not contain any DNS or IP address as SAN", LoadError(cert, key));
        Assert.Equal(ServerCertificateLoader.MissingSanMessage, LoadError(cert, key));
    }

    [Fact]
    public void An_ed25519_server_key_is_checked_then_refused_because_dotnet_tls_cannot_use_it()
    {
        using var pair = Server(CertificateKeyType.Ed25519);
        using var other = Server(CertificateKeyType.Ed25519);
        var (cert, key) = Write(pair.CertificatePem, new string(other.PrivateKeyPem));
        Assert.Equal(Prefix + "tls: private key does not match public key", LoadError(cert, key));

        (cert, key) = Write(pair);
        Assert.StartsWith(Prefix + "tls: Ed25519 server certificates are not supported", LoadError(cert, key), StringComparison.Ordinal);
    }
}
