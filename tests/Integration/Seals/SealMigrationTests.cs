using System.Net;
using System.Text;
using Kes.IntegrationTests.Aws.AwsEndpoint;
using Kes.IntegrationTests.Server;

namespace Kes.IntegrationTests.Seals;

/// <summary><c>kes migrate</c> seals an unsealed keystore and unseals a sealed one (docs/cli.md §4.9); a sealed AWS Secrets Manager keystore holds no key bytes.</summary>
public sealed class SealMigrationTests : IDisposable
{
    private readonly ConfigFolder _folder = ConfigFolder.Create();
    private readonly TestIdentities _identities = TestIdentities.Create();

    [SkippableFact]
    public async Task Migrate_seals_an_unsealed_keystore_and_unseals_it_again_byte_for_byte()
    {
        using var hsm = await SoftHsm.CreateAsync();
        var plain = Folder("plain");
        var sealedKeys = Folder("sealed");
        var unsealed = Folder("unsealed");
        var plainConfig = WriteConfig("plain.yml", plain, seal: string.Empty);
        await using (var kes = KesProcess.Start(["server", "--config", plainConfig]))
        {
            await kes.WaitUntilRunningAsync();
            var admin = kes.Client(_identities.Admin, _folder.ServerCertificate);
            foreach (var name in new[] { "alpha", "beta", "gamma" })
            {
                await Reply.EmptyAsync(await admin.PostAsync($"/v1/key/create/{name}", null));
            }
        }

        var (sealCode, sealOutput) = await hsm.KesAsync("migrate", "--from", plainConfig, "--to", WriteConfig("sealed.yml", sealedKeys, SoftHsm.SealSection()));
        Assert.True(sealCode == 0, sealOutput);
        Assert.Contains("Migrated      3 keys successfully!", sealOutput, StringComparison.Ordinal);
        foreach (var file in Directory.GetFiles(sealedKeys))
        {
            Assert.StartsWith("kes-sealed:", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        }

        var (openCode, openOutput) = await hsm.KesAsync("migrate", "--from", Path.Combine(_folder.Path, "sealed.yml"), "--to", WriteConfig("unsealed.yml", unsealed, seal: string.Empty));
        Assert.True(openCode == 0, openOutput);
        foreach (var file in Directory.GetFiles(plain))
        {
            Assert.Equal(await File.ReadAllBytesAsync(file), await File.ReadAllBytesAsync(Path.Combine(unsealed, Path.GetFileName(file))));
        }
    }

    [SkippableFact]
    public async Task A_sealed_aws_keystore_holds_no_key_bytes_in_its_secrets()
    {
        using var hsm = await SoftHsm.CreateAsync();
        await using var aws = await FakeAwsEndpoint.StartAsync();
        var keyBytes = Encoding.ASCII.GetBytes("aws-sealed-test-key-0123456789ab");
        var config = _folder.Write($"""
            address: 127.0.0.1:0
            admin:
              identity: {_identities.AdminIdentity.Value}
            {_folder.TlsSection}keystore:
              aws:
                secretsmanager:
                  endpoint: {aws.Url}
                  region: {FakeAwsEndpoint.Region}
                  credentials:
                    accesskey: {FakeAwsEndpoint.AccessKey}
                    secretkey: {FakeAwsEndpoint.SecretKey}
            {SoftHsm.SealSection()}
            """);
        await using var kes = KesProcess.Start(["server", "--config", config], hsm.Environment);
        await kes.WaitUntilRunningAsync();
        var admin = kes.Client(_identities.Admin, _folder.ServerCertificate);
        await Reply.EmptyAsync(await admin.SendAsync("POST", "/v1/key/import/aws-key", $"{{\"key\":\"{Convert.ToBase64String(keyBytes)}\",\"cipher\":\"AES256\"}}"));
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync("POST", "/v1/key/generate/aws-key", "{}")).StatusCode);

        var secret = aws.SecretsManager.Find("aws-key")!.SecretString!;
        Assert.StartsWith("kes-sealed:", secret, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(keyBytes), secret, StringComparison.Ordinal);
        Assert.Equal(-1, Convert.FromBase64String(secret["kes-sealed:".Length..]).AsSpan().IndexOf(keyBytes));
    }

    public void Dispose() => _folder.Dispose();

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(_folder.Path, name)).FullName;

    private string WriteConfig(string file, string keys, string seal) =>
        _folder.WriteFile(file, $"address: 127.0.0.1:0\nadmin:\n  identity: {_identities.AdminIdentity.Value}\n{_folder.TlsSection}keystore:\n  fs:\n    path: {keys}\n{seal}");
}
