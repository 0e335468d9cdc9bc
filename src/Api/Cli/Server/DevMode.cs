using Kes.Domain.Logs;
using System.Net;
using Kes.Api.Hosting;
using Kes.Application.Caching;
using Kes.Domain.Policies;
using Kes.Infrastructure.KeyStores.InMemory;
using Kes.Credentials.Certificates;
using Kes.Credentials.Keys;

namespace Kes.Api.Cli.Server;

/// <summary><c>kes server --dev</c>: an in-memory keystore, a fresh self-signed certificate, and a fresh API key as the admin.</summary>
public static class DevMode
{
    /// <summary>The dev-mode settings; the API key is printed in the banner.</summary>
    public static ServerSettings Create(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var address = options.ListenAddress("0.0.0.0:7373");
        using var apiKey = ApiKey.Generate();
        var admin = apiKey.Identity;
        var store = new InMemoryKeyStore();
        return new ServerSettings
        {
            Address = address,
            Certificate = ServerCertificate(address, []),
            Admin = admin,
            Policies = PolicySet.Create(admin, []),
            KeyStore = store,
            KeyStoreDescription = store.Description,
            Cache = CacheOptions.Default,
            ErrorLogLevel = SlogLevels.Info,
            AuditLogLevel = SlogLevels.Info,
            ExtraBannerLines = [("API Key", apiKey.Reveal())],
        };
    }

    /// <summary>A fresh ECDSA P-256 server certificate, CN <c>localhost</c>, valid 90 days, with the listen IPs as SANs (docs/cli.md §4.1).</summary>
    internal static System.Security.Cryptography.X509Certificates.X509Certificate2 ServerCertificate(IPEndPoint address, IReadOnlyList<string> dnsNames)
    {
        using var generated = DevCertificate.Create(CertificateKeyType.Ecdsa, new CertificateTemplate
        {
            CommonName = "localhost",
            ServerAuth = true,
            Validity = TimeSpan.FromDays(90),
            IPAddresses = [.. ServerAddresses(address)],
            DnsNames = dnsNames,
        });
        return generated.ToX509Certificate2();
    }

    /// <summary>The IP SANs of a dev certificate: the given IP, or every local address when listening on all of them.</summary>
    internal static IEnumerable<IPAddress> ServerAddresses(IPEndPoint address)
    {
        if (!address.Address.Equals(IPAddress.Any) && !address.Address.Equals(IPAddress.IPv6Any))
        {
            return [address.Address];
        }

        var addresses = new List<IPAddress> { IPAddress.Loopback, IPAddress.IPv6Loopback };
        foreach (var network in System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces())
        {
            foreach (var unicast in network.GetIPProperties().UnicastAddresses)
            {
                if (!addresses.Contains(unicast.Address))
                {
                    addresses.Add(unicast.Address);
                }
            }
        }

        return addresses;
    }
}
