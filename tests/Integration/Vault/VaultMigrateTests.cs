using System.Text;
using Kes.IntegrationTests.Aws.AwsEndpoint;
using Kes.IntegrationTests.Cli;
using Kes.IntegrationTests.Vault.VaultEndpoint;

namespace Kes.IntegrationTests.Vault;

/// <summary><c>kes migrate</c> moves keys fs → Vault → AWS Secrets Manager → fs, byte for byte, with the in-repo Vault and AWS endpoints.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class VaultMigrateTests : IDisposable
{
    private const int Keys = 25;
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("kes-vault-migrate-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Keys_migrate_from_fs_to_Vault_to_AWS_and_back_to_fs_unchanged()
    {
        await using var vault = await FakeVault.StartAsync();
        VaultTestSetup.AddAppRole(vault);
        await using var aws = await FakeAwsEndpoint.StartAsync();
        var source = Folder("source");
        for (var i = 0; i < Keys; i++)
        {
            File.WriteAllBytes(Path.Combine(source, $"key-{i:D2}"), Encoding.ASCII.GetBytes($"CiQKIF-value-of-key-{i}"));
        }

        var back = Folder("back");
        var fsFrom = Write("fs-source", $"fs:\n    path: {source}\n");
        var vaultConfig = Write("vault", $"vault:\n    endpoint: {vault.Url}\n    engine: kv2\n    version: v2\n    prefix: migrated\n"
            + $"    approle:\n      id: {VaultTestSetup.RoleId}\n      secret: {VaultTestSetup.SecretId}\n");
        var awsConfig = Write("aws", $"aws:\n    secretsmanager:\n      endpoint: {aws.Url}\n      region: {FakeAwsEndpoint.Region}\n"
            + $"      credentials:\n        accesskey: {FakeAwsEndpoint.AccessKey}\n        secretkey: {FakeAwsEndpoint.SecretKey}\n");
        var fsBack = Write("fs-back", $"fs:\n    path: {back}\n");

        foreach (var (from, to) in new[] { (fsFrom, vaultConfig), (vaultConfig, awsConfig), (awsConfig, fsBack) })
        {
            var result = await CliRunner.RunAsync(NoEnvironment, "migrate", "--from", from, "--to", to);
            Assert.Equal(0, result.ExitCode);
            Assert.Empty(result.Error);
            Assert.EndsWith($"Migrated {Keys,6} keys successfully!\n", result.Out, StringComparison.Ordinal);
        }

        Assert.Equal($"CiQKIF-value-of-key-7", (string)vault.Kv.Find("kv2", "migrated/key-07")!["key-07"]!);
        Assert.Equal($"CiQKIF-value-of-key-7", aws.SecretsManager.Find("key-07")!.SecretString);
        for (var i = 0; i < Keys; i++)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(source, $"key-{i:D2}")), File.ReadAllBytes(Path.Combine(back, $"key-{i:D2}")));
        }

        Assert.Equal(Keys, Directory.GetFiles(back).Length);
    }

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(_directory, name)).FullName;

    private string Write(string name, string keystore) => MigrateTests.WriteConfig(_directory, name, keystore);
}
