using System.CommandLine;
using Kes.Api.Cli.Common;
using Kes.Domain.Ports;
using Kes.Infrastructure.Configuration;
using Kes.Infrastructure.KeyStores;
using Kes.Infrastructure.Seals;

namespace Kes.Api.Cli.Migrate;

/// <summary><c>kes migrate --from FILE --to FILE [PATTERN]</c> (docs/cli.md §4.9): copies the keys of one config's keystore into another's, all of them, with no KES server in between.</summary>
/// <remarks>Upstream's second mode, importing into a MinIO KMS server (<c>-s</c>, <c>-e</c>, <c>-a</c>), is recognised but not supported.</remarks>
internal static class MigrateCommand
{
    public static Command Create(CliConsole console)
    {
        var arguments = CliOptions.Arguments("pattern");
        var from = new Option<string?>("--from") { Description = "Path to the KES config file of the migration source" };
        var to = new Option<string?>("--to") { Description = "Path to the KES config file of the migration target" };
        var force = new Option<bool>("--force", "-f") { Description = "Migrate keys even if a key with the same name exists at the target; the existing key is replaced" };
        var merge = new Option<bool>("--merge") { Description = "Merge the source into the target by only migrating keys that do not exist at the target" };
        var insecure = CliOptions.Insecure();
        var server = new Option<string?>("--server", "-s") { Description = "The MinIO KMS server endpoint" };
        var enclave = new Option<string?>("--enclave", "-e") { Description = "The MinIO KMS enclave" };
        var apiKey = new Option<string?>("--api-key", "-a") { Description = "The MinIO KMS API key" };
        var command = new Command("migrate", "Migrate keys between keystores") { arguments, from, to, force, merge, insecure, server, enclave, apiKey };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var args = Usage.AtMost(parse.GetValue(arguments), 1, "migrate");
            var source = parse.GetValue(from) ?? string.Empty;
            var target = parse.GetValue(to) ?? string.Empty;
            if (parse.GetValue(force) && parse.GetValue(merge))
            {
                throw new CliException("'--force' and '--merge' flags are mutually exclusive");
            }

            if (source.Length == 0)
            {
                throw new CliException("no source specified. Use '--from' flag");
            }

            if (target.Length != 0)
            {
                Conflict(parse.GetValue(server), "-s / --server");
                Conflict(parse.GetValue(enclave), "-e / --enclave");
                Conflict(parse.GetValue(apiKey), "-a / --api-key");
                if (parse.GetValue(insecure))
                {
                    throw new CliException("cannot use '-k / --insecure' and '--to' flag");
                }
            }
            else
            {
                throw new CliException("migrating keys to a MinIO KMS server is not supported by Kes.NET. Use the '--to' flag with a KES config file");
            }

            GlobPattern pattern;
            try
            {
                pattern = GlobPattern.Parse(args.Length == 0 ? "*" : args[0]);
            }
            catch (FormatException e)
            {
                throw new CliException(e.Message, e);
            }

            var existing = parse.GetValue(merge) ? ExistingKeys.Skip : parse.GetValue(force) ? ExistingKeys.Replace : ExistingKeys.Fail;
            var sourceStore = Open(console, source);
            await using (sourceStore.ConfigureAwait(false))
            {
                var targetStore = Open(console, target);
                await using (targetStore.ConfigureAwait(false))
                {
                    await RunAsync(console, new KeyMigration(sourceStore, targetStore, pattern, existing), cancellationToken).ConfigureAwait(false);
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>Runs <paramref name="migration"/> with its progress report and closing line.</summary>
    internal static async Task RunAsync(CliConsole console, KeyMigration migration, CancellationToken cancellationToken)
    {
        var progress = new MigrationProgress(console, migration);
        using var stop = new CancellationTokenSource();
        var reporting = progress.RunAsync(stop.Token);
        long migrated;
        try
        {
            migrated = await migration.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (MigrationException e)
        {
            throw new CliException(e.Message, e);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new CliException($"migration interrupted after {migration.Migrated} keys. Run it again with '--merge' to continue", e);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await reporting.ConfigureAwait(false);
        }

        progress.Finish(migrated);
    }

    private static void Conflict(string? value, string flag)
    {
        if (!string.IsNullOrEmpty(value))
        {
            throw new CliException($"cannot use '{flag}' and '--to' flag");
        }
    }

    private static IKeyStore Open(CliConsole console, string file)
    {
        try
        {
            var config = ConfigFile.Load(file, console.Environment);
            return SealLayer.Apply(KeyStoreFactory.Open(config.KeyStore), config.Seal, message => console.Error.Write(message + "\n")).Store;
        }
        catch (Exception e) when (e is ConfigException or NotSupportedException or IOException or UnauthorizedAccessException or SealException)
        {
            throw new CliException($"failed to open keystore of '{file}': {e.Message}", e);
        }
    }
}
