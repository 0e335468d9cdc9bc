using System.Runtime.InteropServices;
using Kes.Api.Hosting;
using Kes.Infrastructure.Crypto;
using Kes.Infrastructure.Crypto.Codec;

namespace Kes.Api.Cli.Server;

/// <summary>Runs <c>kes server</c>: self-test, settings, listener, banner, declared keys, then signals until shutdown.</summary>
public static class ServerRunner
{
    /// <summary>Runs until <paramref name="cancellationToken"/> fires (SIGINT/SIGTERM); returns the exit code.</summary>
    public static async Task<int> RunAsync(ServerOptions options, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (options.Dev && options.ConfigFile is not null)
        {
            stderr.WriteLine("Error: '--config' flag is not supported in development mode");
            return 1;
        }

        var sealer = Sealers.Create(SealerKind.Fast);
        if (!sealer.SelfTest())
        {
            stderr.WriteLine($"Error: the power-on self-test of the {sealer.Name} sealing core failed; refusing to start");
            return 1;
        }

        var mlocked = false;
        if (options.MemoryLock)
        {
            if (!MemoryLock.TryLockAll(out var errno))
            {
                stderr.WriteLine($"Error: {MemoryLock.RefusedHelp} (errno {errno})");
                return 1;
            }

            mlocked = true;
        }

        ServerSettings settings;
        try
        {
            settings = options.Dev ? DevMode.Create(options)
                : options.ConfigFile is { } file ? ConfigMode.Load(file, options)
                : OperatingSystem.IsWindows() ? throw new PlatformNotSupportedException("the embedded default needs a POSIX file system; use --config")
                : EmbeddedDefault.Create(options, stdout);
        }
#pragma warning disable CA1031 // Any startup failure is reported as upstream reports it: one "Error:" line, exit 1.
        catch (Exception e)
#pragma warning restore CA1031
        {
            stderr.WriteLine($"Error: {e.Message}");
            return 1;
        }

        settings = settings with { Fips = options.Fips };
        var host = KesServerHost.Create(settings, sealer, new StoredKeyCodec(), stdout, stderr, TimeProvider.System);
        await using (host.ConfigureAwait(false))
        {
            try
            {
                await host.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                stderr.WriteLine($"Error: failed to listen on {settings.Address}: {e.Message}");
                return 1;
            }

            // Registered before the banner: a client that sees "up and running" may send SIGHUP at once.
            if (options.ConfigFile is not null)
            {
                HangupSignal.Unignore();
            }

            using var reload = options.ConfigFile is { } configFile && !OperatingSystem.IsWindows()
                ? PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
                {
                    context.Cancel = true;
                    _ = ReloadAfterHangupAsync(host, configFile, options, stdout);
                })
                : null;
            Banner.Write(stdout, settings, host.BoundAddress, mlocked);
            try
            {
                await host.CreateDeclaredKeysAsync(cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A declared key that cannot be created aborts startup, as upstream.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                stderr.WriteLine($"Error: {e.Message}");
                return 1;
            }

            var certificateReload = options.ConfigFile is { } certificateFile
                ? host.RefreshCertificatesAsync(() => ConfigMode.LoadTls(certificateFile), TimeSpan.FromMinutes(15), cancellationToken)
                : Task.CompletedTask;
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                stdout.WriteLine("=> Stopping server... Goodbye.");
            }

            await certificateReload.ConfigureAwait(false);
            await host.StopAsync().ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>SIGHUP: the host builds and swaps in the whole new state; on success the banner is printed again, as upstream does.</summary>
    private static async Task ReloadAfterHangupAsync(KesServerHost host, string file, ServerOptions options, TextWriter stdout)
    {
        var settings = await host.ReloadAsync(() => ConfigMode.Load(file, options)).ConfigureAwait(false);
        if (settings is not null)
        {
            Banner.Write(stdout, settings, host.BoundAddress, mlocked: false);
            stdout.WriteLine("=> Reloading configuration after SIGHUP signal completed.");
        }
    }
}
