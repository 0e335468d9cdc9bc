using System.Text;
using Kes.Infrastructure.KeyStores.FileSystem;

namespace Kes.IntegrationTests.Cli;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MigrateTests : IDisposable
{
    private static readonly Dictionary<string, string> NoEnvironment = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("kes-migrate-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Three_thousand_keys_migrate_fs_to_fs_and_a_merge_rerun_changes_nothing()
    {
        var (from, sourceDirectory) = Config("source");
        var (to, targetDirectory) = Config("target");
        // The fs layout is one file per key, named after it (docs/keystores.md §5); writing the files
        // directly skips the store's per-key fsyncs, which would dominate the test.
        for (var i = 0; i < 3000; i++)
        {
            File.WriteAllBytes(Path.Combine(sourceDirectory, $"key-{i:D4}"), Encoding.ASCII.GetBytes($"value of key {i}"));
        }
        var first = await CliRunner.RunAsync(NoEnvironment, "migrate", "--from", from, "--to", to);
        Assert.Equal(0, first.ExitCode);
        Assert.Empty(first.Error);
        Assert.EndsWith("Migrated   3000 keys successfully!\n", first.Out, StringComparison.Ordinal);
        Assert.All(first.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[..^1], line => Assert.Matches(@"^Migrated +\d+ keys \.\.\.$", line));

        var target = new FileSystemKeyStore(targetDirectory);
        await using (target)
        {
            var names = (await target.ListAsync(string.Empty, int.MaxValue, CancellationToken.None)).Names;
            Assert.Equal(3000, names.Count);
            Assert.Equal("value of key 2999", Encoding.ASCII.GetString(await target.GetAsync("key-2999", CancellationToken.None)));
        }
        var merged = await CliRunner.RunAsync(NoEnvironment, "migrate", "--merge", "--from", from, "--to", to);
        Assert.Equal(0, merged.ExitCode);
        Assert.EndsWith("Migration succeeded! No keys migrated.\n", merged.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Migrated ", merged.Out.Replace("Migrated      0 keys ...", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);

        var plain = await CliRunner.RunAsync(NoEnvironment, "migrate", "--from", from, "--to", to, "key-0001");
        Assert.Equal(new CliResult(1, string.Empty, "Error: failed to migrate \"key-0001\": key already exists\n"), plain);
        var forced = await CliRunner.RunAsync(NoEnvironment, "migrate", "--force", "--from", from, "--to", to, "key-00[0-4]?");
        // Fifty fsynced writes can take over a second on a loaded machine: then a progress line comes first.
        Assert.EndsWith("Migrated     50 keys successfully!\n", forced.Out, StringComparison.Ordinal);
        Assert.All(forced.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[..^1], line => Assert.Matches(@"^Migrated +\d+ keys \.\.\.$", line));
    }

    [Fact]
    public async Task On_a_terminal_a_progress_bar_shows_count_rate_and_eta()
    {
        var (from, sourceDirectory) = Config("source");
        var (to, _) = Config("target");
        var source = new FileSystemKeyStore(sourceDirectory);
        await using (source)
        {
            for (var i = 0; i < 20; i++)
            {
                await source.CreateAsync($"bar-{i}", new byte[] { 1, 2, 3 }, CancellationToken.None);
            }
        }

        var result = await CliRunner.RunAsync(NoEnvironment, terminal: true, password: null, "migrate", "--from", from, "--to", to, "bar-1*");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"\r\u001b\[2K\[█{30}\] 11/11 keys  100%  \d+ keys/s  ETA ", result.Out);
        Assert.EndsWith("\nMigrated     11 keys successfully!\n", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--force", "--merge", "--from", "a", "--to", "b" }, "'--force' and '--merge' flags are mutually exclusive")]
    [InlineData(new[] { "--to", "b" }, "no source specified. Use '--from' flag")]
    [InlineData(new[] { "--from", "a", "--to", "b", "-s", "host:7373" }, "cannot use '-s / --server' and '--to' flag")]
    [InlineData(new[] { "--from", "a", "--to", "b", "-e", "enclave" }, "cannot use '-e / --enclave' and '--to' flag")]
    [InlineData(new[] { "--from", "a", "--to", "b", "-a", "kes:v1:x" }, "cannot use '-a / --api-key' and '--to' flag")]
    [InlineData(new[] { "--from", "a", "--to", "b", "-k" }, "cannot use '-k / --insecure' and '--to' flag")]
    [InlineData(new[] { "--from", "a", "--to", "b", "[" }, "syntax error in pattern")]
    [InlineData(new[] { "--from", "a" }, "migrating keys to a MinIO KMS server is not supported by Kes.NET. Use the '--to' flag with a KES config file")]
    public async Task Flag_conflicts_are_rejected(string[] flags, string message)
    {
        var result = await CliRunner.RunAsync(NoEnvironment, ["migrate", .. flags]);
        Assert.Equal(new CliResult(1, string.Empty, $"Error: {message}\n"), result);
    }

    [Fact]
    public async Task A_missing_config_file_is_reported()
    {
        var (to, _) = Config("target");
        var missing = Path.Combine(_directory, "missing.yml");
        var result = await CliRunner.RunAsync(NoEnvironment, "migrate", "--from", missing, "--to", to);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"Error: failed to open keystore of '{missing}': ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_keystore_Kes_NET_does_not_implement_is_reported_by_name()
    {
        var (to, _) = Config("target");
        var azure = Write("azure", "azure:\n    keyvault:\n      endpoint: https://127.0.0.1:8443\n");
        var result = await CliRunner.RunAsync(NoEnvironment, "migrate", "--from", azure, "--to", to);
        Assert.Equal(
            new CliResult(1, string.Empty, $"Error: failed to open keystore of '{azure}': the azure.keyvault keystore is not supported by Kes.NET yet; use fs, vault or aws.secretsmanager\n"),
            result);
    }

    private (string File, string KeyDirectory) Config(string name)
    {
        var keys = Path.Combine(_directory, name + "-keys");
        Directory.CreateDirectory(keys);
        return (Write(name, $"fs:\n    path: {keys}\n"), keys);
    }

    /// <summary>Writes a config file named <paramref name="name"/>.yml in <paramref name="directory"/> whose keystore section is <paramref name="keystore"/>, indented by two.</summary>
    internal static string WriteConfig(string directory, string name, string keystore)
    {
        var file = Path.Combine(directory, name + ".yml");
        File.WriteAllText(file, $"""
            admin:
              identity: c84cd6a9e8e7d6b6e7f8c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1
            tls:
              key: ./server.key
              cert: ./server.cert
            keystore:
              {keystore}
            """);
        return file;
    }

    private string Write(string name, string keystore) => WriteConfig(_directory, name, keystore);
}
