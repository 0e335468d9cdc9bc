using Kes.Domain.Logs;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Kes.Api.Hosting;
using Kes.Application.Logs;
using Microsoft.Extensions.DependencyInjection;
using Kes.Application.Caching;
using Kes.Domain.Identities;
using Kes.Domain.Policies;
using Kes.Domain.Ports;
using Kes.Infrastructure.Crypto;
using Kes.Infrastructure.Crypto.Codec;
using Kes.Infrastructure.KeyStores.InMemory;

namespace Kes.IntegrationTests.Server;

/// <summary>A real KES server on 127.0.0.1 (port 0) with real TLS, an admin and three policy identities, and clients for each.</summary>
public sealed class KesTestServer : IAsyncDisposable
{
    private readonly KesServerHost _host;
    private readonly List<HttpClient> _clients = [];

    private KesTestServer(KesServerHost host, X509Certificate2 serverCertificate, TestIdentities identities, StringWriter stdout, StringWriter stderr)
    {
        _host = host;
        ServerCertificate = serverCertificate;
        Identities = identities;
        Stdout = stdout;
        Stderr = stderr;
    }

    /// <summary>The server's certificate, which the clients trust.</summary>
    public X509Certificate2 ServerCertificate { get; }

    /// <summary>The client certificates the server knows.</summary>
    public TestIdentities Identities { get; }

    /// <summary>What the server printed on stdout (audit records).</summary>
    public StringWriter Stdout { get; }

    /// <summary>Everything on stdout so far, with the audit records of every request already answered (the server writes them in batches, docs/config.md §4.7).</summary>
    public string StdoutNow()
    {
        Services.GetRequiredService<AuditLog>().Flush();
        return Stdout.ToString();
    }

    /// <summary>What the server printed on stderr (error records).</summary>
    public StringWriter Stderr { get; }

    /// <summary>The base address, e.g. <c>https://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress => new($"https://127.0.0.1:{_host.BoundAddress.Port}");

    /// <summary>The running host, for reloads.</summary>
    public KesServerHost Host => _host;

    /// <summary>The running host's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Starts a server; <paramref name="configure"/> may change the settings (keystore, overrides, cache, policies for <paramref name="identities"/>).</summary>
    public static async Task<KesTestServer> StartAsync(Func<ServerSettings, ServerSettings>? configure = null, IKeyStore? store = null, ISealer? sealer = null, TestIdentities? identities = null)
    {
        identities ??= TestIdentities.Create();
        var serverCertificate = TestCertificates.Server();
        var started = Kes.Domain.Keys.KesTimestamp.Now;
        var policies = PolicySet.Create(identities.AdminIdentity,
        [
            new PolicyAssignment(
                new Policy("app", ["/v1/key/*", "/v1/status", "/v1/api", "/v1/policy/*", "/v1/identity/*", "/v1/metrics", "/v1/ready", "/v1/log/*"], ["/v1/key/generate/secret*", "/v1/key/decrypt/secret*"], started, identities.AdminIdentity),
                [identities.AllowedIdentity, identities.DeniedIdentity]),
            new PolicyAssignment(new Policy("nothing", [], [], started, identities.AdminIdentity), []),
        ]);
        store ??= new InMemoryKeyStore();
        var settings = new ServerSettings
        {
            Address = new IPEndPoint(IPAddress.Loopback, 0),
            Certificate = serverCertificate,
            Admin = identities.AdminIdentity,
            Policies = policies,
            KeyStore = store,
            KeyStoreDescription = "test",
            Cache = CacheOptions.Default,
            ErrorLogLevel = SlogLevels.Info,
            AuditLogLevel = SlogLevels.Info,
        };
        settings = configure?.Invoke(settings) ?? settings;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var host = KesServerHost.Create(settings, sealer ?? Sealers.Create(SealerKind.Fast), new StoredKeyCodec(), TextWriter.Synchronized(stdout), TextWriter.Synchronized(stderr));
        await host.StartAsync();
        return new KesTestServer(host, serverCertificate, identities, stdout, stderr);
    }

    /// <summary>An HTTP client that presents <paramref name="certificate"/> (or none) and trusts this server.</summary>
    public HttpClient Client(X509Certificate2? certificate, Version? version = null)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = certificate is null ? null : [certificate],
                LocalCertificateSelectionCallback = certificate is null ? null : (_, _, _, _, _) => certificate,
                RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetRawCertData().AsSpan().SequenceEqual(ServerCertificate.RawData),
            },
        };
        var client = new HttpClient(handler)
        {
            BaseAddress = BaseAddress,
            DefaultRequestVersion = version ?? HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        _clients.Add(client);
        return client;
    }

    /// <summary>A client with the admin certificate.</summary>
    public HttpClient Admin(Version? version = null) => Client(Identities.Admin, version);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await _host.StopAsync();
        await _host.DisposeAsync();
    }
}

/// <summary>The client certificates of a test server: the admin, an identity its policy allows, one a deny rule stops, and one with no policy.</summary>
public sealed record TestIdentities(X509Certificate2 Admin, X509Certificate2 Allowed, X509Certificate2 Denied, X509Certificate2 Unknown)
{
    /// <summary>The admin's identity.</summary>
    public Identity AdminIdentity => TestCertificates.IdentityOf(Admin);

    /// <summary>The identity of the <c>app</c> policy member.</summary>
    public Identity AllowedIdentity => TestCertificates.IdentityOf(Allowed);

    /// <summary>Another <c>app</c> member, used where deny rules bite.</summary>
    public Identity DeniedIdentity => TestCertificates.IdentityOf(Denied);

    /// <summary>Fresh certificates: ECDSA admin, RSA allowed, ECDSA denied and unknown.</summary>
    public static TestIdentities Create() => new(
        TestCertificates.EcdsaClient("admin"),
        TestCertificates.RsaClient("allowed"),
        TestCertificates.EcdsaClient("denied"),
        TestCertificates.EcdsaClient("unknown"));
}
