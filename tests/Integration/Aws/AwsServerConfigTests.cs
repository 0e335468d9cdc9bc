using System.Net;
using System.Text;
using Kes.Api.Cli.Server;
using Kes.Infrastructure.Crypto.Codec;
using Kes.IntegrationTests.Aws.AwsEndpoint;
using Kes.IntegrationTests.Server;

namespace Kes.IntegrationTests.Aws;

/// <summary><c>keystore.aws.secretsmanager</c> from a config file, end to end: the server stores keys as Secrets Manager secrets under the configured KMS key.</summary>
public sealed class AwsServerConfigTests
{
    [Fact]
    public async Task A_server_configured_with_aws_secretsmanager_keeps_its_keys_there()
    {
        await using var aws = await FakeAwsEndpoint.StartAsync();
        var kmsKey = aws.Kms.CreateKey();
        using var folder = ConfigFolder.Create();
        var yaml = $"""
            version: v1
            admin:
              identity: disabled
            {folder.TlsSection}keystore:
              aws:
                secretsmanager:
                  endpoint: {aws.Url}
                  region: {FakeAwsEndpoint.Region}
                  kmskey: {kmsKey}
                  credentials:
                    accesskey: {FakeAwsEndpoint.AccessKey}
                    secretkey: {FakeAwsEndpoint.SecretKey}
            """;
        var settings = ConfigMode.Load(folder.Write(yaml), new ServerOptions("127.0.0.1:0", null, false, "kes-data", false));
        Assert.Equal($"AWS SecretsManager: {aws.Url}", settings.KeyStoreDescription);

        await using var server = await KesTestServer.StartAsync(store: settings.KeyStore);
        var client = server.Admin();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/key/create/minio-key", null)).StatusCode);
        var generated = await client.PostAsync("/v1/key/generate/minio-key", new StringContent("{}", Encoding.UTF8));
        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);

        var secret = aws.SecretsManager.Find("minio-key");
        Assert.NotNull(secret);
        Assert.Equal(kmsKey, secret.KmsKeyId);
        using var stored = new StoredKeyCodec().Decode(Encoding.ASCII.GetBytes(secret.SecretString!));
        Assert.Equal(server.Identities.AdminIdentity, stored.CreatedBy);
    }

    [Fact]
    public void A_config_without_region_fails_at_startup_naming_the_field()
    {
        using var folder = ConfigFolder.Create();
        var yaml = $"""
            admin:
              identity: disabled
            {folder.TlsSection}keystore:
              aws:
                secretsmanager:
                  endpoint: http://127.0.0.1:1
            """;
        var error = Assert.ThrowsAny<Exception>(() => ConfigMode.Load(folder.Write(yaml), new ServerOptions("127.0.0.1:0", null, false, "kes-data", false)));
        Assert.Equal("kesconf: invalid AWS secretsmanager keystore: no region specified", error.Message);
    }
}
