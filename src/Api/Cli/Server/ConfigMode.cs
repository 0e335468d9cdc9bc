using Kes.Domain.Logs;
using Kes.Api.Hosting;
using Kes.Application.Caching;
using Kes.Application.Logs;
using Kes.Domain.Identities;
using Kes.Domain.Keys;
using Kes.Domain.Policies;
using Kes.Infrastructure.Configuration;
using Kes.Infrastructure.KeyStores;
using Kes.Infrastructure.Seals;
using Kes.Credentials.Certificates;
using Kes.Infrastructure.Tls;

namespace Kes.Api.Cli.Server;

/// <summary><c>kes server --config FILE</c>: reads the upstream YAML file, its keystore, TLS files and policies into settings, at startup and for each reload.</summary>
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
        var admin = new Identity(config.AdminIdentity);
        var policies = BuildPolicies(config, admin);

        foreach (var key in config.UnknownKeys)
        {
            Console.Error.WriteLine($"WARNING: unknown config key '{key}' is ignored");
        }

        // Opened last: nothing after it can fail and leave the keystore open.
        Action<string> errorLog = message => Console.Error.WriteLine(SlogText.Format(DateTimeOffset.UtcNow, SlogLevels.Error, message, null));
        var (store, description) = SealLayer.Apply(KeyStoreFactory.Open(config.KeyStore, errorLog), config.Seal, errorLog);
        return new ServerSettings
        {
            Address = address,
            Certificate = tls.Certificate,
            Chain = tls.Chain,
            VerifyClientCertificates = config.Tls.AuthMode == TlsAuthMode.On,
            ClientCertificateAuthorities = authorities,
            Admin = admin,
            Policies = policies,
            KeyStore = store,
            KeyStoreDescription = description,
            Cache = new CacheOptions(config.Cache.Any, config.Cache.Unused, config.Cache.Offline) { Revalidate = config.Cache.Revalidate },
            ErrorLogLevel = config.Log.ErrorLevel,
            AuditLogLevel = config.Log.AuditLevel,
            RouteOverrides = config.Api.ToDictionary(pair => pair.Key, pair => new RouteOverride(pair.Value.SkipAuth, pair.Value.Timeout), StringComparer.Ordinal),
            DeclaredKeys = config.Keys,
            Fips = options.Fips,
        };
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
}
