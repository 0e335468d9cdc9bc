using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Kes.Api.Hosting;
using Kes.Api.Http.Routing;
using Kes.Domain.Identities;
using Kes.Domain.Logs;
using Kes.Domain.Policies;
using Kes.Domain.Ports;
using Kes.Infrastructure.Crypto;
using Kes.Infrastructure.Crypto.Codec;
using Kes.Infrastructure.KeyStores.InMemory;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Kes.UnitTests.Routing;

/// <summary>
/// A failure outside the handlers (a bug in the router, the body reader or the identity step) reaches the error log
/// with its request, and the client gets a 500 in the KES error shape; a client that went away is not logged.
/// </summary>
public sealed class UnhandledErrorTests : IDisposable
{
    private readonly X509Certificate2 _certificate;
    private readonly StringWriter _stderr = new();
    private readonly ServiceProvider _services;
    private readonly BrokenSource _identities = new();

    public UnhandledErrorTests()
    {
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            _certificate = new CertificateRequest("CN=client", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        }

        var admin = BrokenSource.Admin;
        var settings = new ServerSettings
        {
            Address = new IPEndPoint(IPAddress.Loopback, 0),
            Certificate = _certificate,
            Admin = admin,
            Policies = PolicySet.Create(admin, []),
            KeyStore = new InMemoryKeyStore(),
            KeyStoreDescription = "test",
            ErrorLogLevel = SlogLevels.Info,
            AuditLogLevel = SlogLevels.Off,
        };
        var services = new ServiceCollection();
        KesServerHost.AddKesServices(services, settings, Sealers.Create(SealerKind.Fast), new StoredKeyCodec(), TextWriter.Null, _stderr, TimeProvider.System);
        services.AddSingleton<IIdentitySource>(_identities);
        _services = services.BuildServiceProvider();
    }

    [Fact]
    public async Task A_failure_outside_the_handlers_is_logged_with_its_request_and_answered_500()
    {
        var http = Request();

        await _services.GetRequiredService<KesRouter>().InvokeAsync(http);

        Assert.Equal(500, http.Response.StatusCode);
        Assert.Equal("application/json", http.Response.ContentType);
        Assert.Equal("{\"message\":\"internal server error\"\n}", Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray()));
        var log = _stderr.ToString();
        Assert.Contains("level=ERROR msg=\"unhandled error serving the request: System.InvalidOperationException: the identity source broke", log, StringComparison.Ordinal);
        Assert.Contains("req.method=POST req.path=/v1/key/generate/k req.ip=127.0.0.1", log, StringComparison.Ordinal);
        Assert.Contains(nameof(BrokenSource), log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_record_holds_at_most_256_characters_of_the_path()
    {
        var path = "/v1/key/generate/" + new string('a', 4000);
        var http = Request();
        http.Request.Path = path;

        await _services.GetRequiredService<KesRouter>().InvokeAsync(http);

        Assert.Equal(500, http.Response.StatusCode);
        var log = _stderr.ToString();
        Assert.Contains("req.path=\"" + path[..256] + "…\"", log, StringComparison.Ordinal);
        Assert.DoesNotContain(path[..257], log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_went_away_is_not_logged()
    {
        // Kestrel cancels RequestAborted later, on the thread pool: the failed read is all the router sees.
        var http = Request();
        http.Request.Body = new AbortedBody();
        _identities.Broken = false;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _services.GetRequiredService<KesRouter>().InvokeAsync(http));

        Assert.Equal(string.Empty, _stderr.ToString());
    }

    public void Dispose()
    {
        _services.Dispose();
        _certificate.Dispose();
        _stderr.Dispose();
    }

    private DefaultHttpContext Request()
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "POST";
        http.Request.Scheme = "https";
        http.Request.Path = "/v1/key/generate/k";
        http.Request.ContentLength = 2;
        http.Request.Body = new MemoryStream("{}"u8.ToArray(), writable: false);
        http.Response.Body = new MemoryStream();
        http.Connection.ClientCertificate = _certificate;
        http.Connection.RemoteIpAddress = IPAddress.Loopback;
        http.RequestServices = _services;
        return http;
    }

    /// <summary>An identity source with a bug while <see cref="Broken"/>; else every caller is the admin.</summary>
    private sealed class BrokenSource : IIdentitySource
    {
        public static readonly Identity Admin = new("admin");

        public bool Broken { get; set; } = true;

        public Identity Identify(IReadOnlyList<ReadOnlyMemory<byte>> certificates) =>
            Broken ? throw new InvalidOperationException("the identity source broke") : Admin;
    }

    /// <summary>A body whose stream the deadline aborted: every read throws as Kestrel's does then.</summary>
    private sealed class AbortedBody : MemoryStream
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw new TaskCanceledException("The request was aborted", new OperationCanceledException("The connection was aborted by the application."));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => throw new TaskCanceledException("The request was aborted", new OperationCanceledException("The connection was aborted by the application."));
    }
}
