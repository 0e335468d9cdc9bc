using Kes.Domain.Logs;
using Kes.Api.Hosting;
using Kes.Api.Http.Routing;
using Kes.Application.Caching;
using Kes.Application.Keys;
using Kes.Application.Logs;
using Kes.Application.Metrics;
using Kes.Application.Policies;
using Kes.Domain.Identities;
using Kes.Domain.Keys;
using Kes.Domain.Policies;
using Kes.Domain.Ports;
using Kes.Infrastructure.Configuration;
using Kes.Infrastructure.KeyStores;
using Kes.Credentials.Certificates;
using Kes.Infrastructure.Tls;

namespace Kes.Api.Cli.Server;

/// <summary><c>kes server --config FILE</c>: the upstream YAML file, its keystore, TLS files and policies; SIGHUP reloads it.</summary>
public static class ConfigMode
{
    /// <summary>Loads, validates and resolves the config file into settings.</summary>
    public static ServerSettings Load(string file, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = ConfigFile.Load(file, Environment.GetEnvironmentVariable);
        var address = ListenAddress.Parse(ListenAddress.Select(options.Address, config.Address));
        var tls = ServerCertificateLoader.Load(config.Tls.Cert, config.Tls.Key, config.Tls.Password);
        var authorities = string.IsNullOrEmpty(config.Tls.Ca) ? [] : CaLoader.Load(config.Tls.Ca);
        var (store, description) = KeyStoreFactory.Open(config.KeyStore, message => Console.Error.WriteLine(SlogText.Format(DateTimeOffset.UtcNow, SlogLevels.Error, message, null)));
        var admin = new Identity(config.AdminIdentity);
        return new ServerSettings
        {
            Address = address,
            Certificate = tls.Certificate,
            Chain = tls.Chain,
            VerifyClientCertificates = config.Tls.AuthMode == TlsAuthMode.On,
            ClientCertificateAuthorities = authorities,
            Admin = admin,
            Access = new PolicyHolder(BuildPolicies(config, admin)),
            KeyStore = store,
            KeyStoreDescription = description,
            Cache = new CacheOptions(config.Cache.Any, config.Cache.Unused, config.Cache.Offline),
            ErrorLogLevel = config.Log.ErrorLevel,
            AuditLogLevel = config.Log.AuditLevel,
            RouteOverrides = config.Api.ToDictionary(pair => pair.Key, pair => new RouteOverride(pair.Value.SkipAuth, pair.Value.Timeout), StringComparer.Ordinal),
            DeclaredKeys = config.Keys,
        };
    }

    /// <summary>SIGHUP: re-reads the file, opens a new keystore and cache, creates the declared keys, swaps in the new policies, admin, route timeouts and skip_auth, log levels and cache, then closes the old ones; the TLS certificate and client-certificate mode stay as started. On failure the old configuration stays.</summary>
    public static void Reload(KesServerHost host, string file, ServerOptions options, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        _ = Task.Run(async () =>
        {
            try
            {
                var settings = Load(file, options);
                var services = host.Services;
                var time = services.GetRequiredService<TimeProvider>();
                var cache = new KeyCache(settings.KeyStore, services.GetRequiredService<IKeyVersionCodec>(), services.GetRequiredService<ISealer>(), settings.Cache, time, services.GetRequiredService<KesMetrics>());
                await DeclaredKeys.CreateAsync(cache, settings.DeclaredKeys, settings.Admin, services.GetRequiredService<FipsMode>().NewKeyAlgorithm, time, CancellationToken.None).ConfigureAwait(false);
                services.GetRequiredService<PolicyHolder>().Swap(((PolicyHolder)settings.Access).Current);
                services.GetRequiredService<RouteTableHolder>().Swap(KesServerHost.BuildRoutes(settings));
                services.GetRequiredService<TlsStateHolder>().Swap(TlsState.From(settings));
                services.GetRequiredService<ErrorLog>().Level = settings.ErrorLogLevel;
                services.GetRequiredService<AuditLog>().Level = settings.AuditLogLevel;
                var old = services.GetRequiredService<KeyCacheHolder>().Swap(cache);
                await old.DisposeAsync().ConfigureAwait(false);
                await old.Store.DisposeAsync().ConfigureAwait(false);
                Banner.Write(stdout, settings, host.BoundAddress, mlocked: false);
                stdout.WriteLine("=> Reloading configuration after SIGHUP signal completed.");
            }
#pragma warning disable CA1031 // A failed reload keeps the running configuration and says why.
            catch (Exception e)
#pragma warning restore CA1031
            {
                stderr.WriteLine($"Failed to reload server config: {e.Message}");
            }
        });
    }

    private static PolicySet BuildPolicies(ServerConfig config, Identity admin)
    {
        PolicyValidation.Validate(config.Policies);
        var started = KesTimestamp.Now;
        var assignments = new List<PolicyAssignment>(config.Policies.Count);
        foreach (var (name, policy) in config.Policies)
        {
            var identities = new List<Identity>(policy.Identities.Count);
            foreach (var identity in policy.Identities)
            {
                identities.Add(new Identity(identity));
            }

            assignments.Add(new PolicyAssignment(new Policy(name, policy.Allow, policy.Deny, started, admin), identities));
        }

        return PolicySet.Create(admin, assignments);
    }

    /// <summary>The TLS part of the file only (certificate, key, CA, client-certificate mode), for the periodic certificate reload.</summary>
    public static TlsState LoadTls(string file)
    {
        var config = ConfigFile.Load(file, Environment.GetEnvironmentVariable);
        var certificate = ServerCertificateLoader.Load(config.Tls.Cert, config.Tls.Key, config.Tls.Password);
        var authorities = string.IsNullOrEmpty(config.Tls.Ca) ? [] : CaLoader.Load(config.Tls.Ca);
        return new TlsState(certificate.Certificate, certificate.Chain, config.Tls.AuthMode == TlsAuthMode.On, authorities, config.AnyRouteSkipsAuth);
    }

    /// <summary>Every <paramref name="period"/> (15 minutes upstream) re-reads the certificate files so rotated certificates take effect without a restart; a failure keeps the old ones and says why.</summary>
    public static async Task ReloadCertificatesAsync(KesServerHost host, string file, TimeSpan period, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(stderr);
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    host.Services.GetRequiredService<TlsStateHolder>().Swap(LoadTls(file));
                }
#pragma warning disable CA1031 // A failed certificate reload keeps the running certificate and says why.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    stderr.WriteLine($"Failed to reload TLS certificate: {e.Message}");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutdown.
        }
    }
}
