using Kes.Domain.Logs;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using BenchmarkDotNet.Attributes;
using Kes.Api.Hosting;
using Kes.Api.Http.Routing;
using Kes.Application.Keys;
using Kes.Application.Requests;
using Kes.Domain.Identities;
using Kes.Domain.Policies;
using Kes.Infrastructure.Crypto;
using Kes.Infrastructure.Crypto.Codec;
using Kes.Infrastructure.KeyStores.InMemory;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Kes.Bench.Pipeline;

/// <summary>A generate and a decrypt request through the router, the mediator pipeline and the handler, without Kestrel: what our code allocates per request, next to a bare handler that reads the body and writes a fixed reply of the same size.</summary>
[MemoryDiagnoser]
public class RouteBenchmarks
{
    private static readonly byte[] FixedReply = Encoding.UTF8.GetBytes(
        $"{{\"plaintext\":\"{Convert.ToBase64String(new byte[32])}\",\"ciphertext\":\"{Convert.ToBase64String(new byte[76])}\"}}\n");

    private readonly ConnectionItems _connection = new();
    private byte[] _generateBody = [];
    private byte[] _decryptBody = [];
    private ServiceProvider? _services;
    private KesRouter? _router;
    private X509Certificate2? _certificate;
    private Mediator.Mediator? _mediator;
    private RequestContext _requestContext;
    private readonly byte[] _associatedData = "{\"bucket\":\"bucket/object\"}"u8.ToArray();

    [GlobalSetup]
    public async Task Setup()
    {
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var request = new CertificateRequest("CN=bench", key, HashAlgorithmName.SHA256);
            _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        }

        var admin = Identity.FromSubjectPublicKeyInfo(_certificate.PublicKey.ExportSubjectPublicKeyInfo());
        var settings = new ServerSettings
        {
            Address = new IPEndPoint(IPAddress.Loopback, 0),
            Certificate = _certificate,
            Admin = admin,
            Policies = PolicySet.Create(admin, []),
            KeyStore = new InMemoryKeyStore(),
            KeyStoreDescription = "bench",
            ErrorLogLevel = SlogLevels.Info,
            AuditLogLevel = SlogLevels.Off,
        };
        var services = new ServiceCollection();
        KesServerHost.AddKesServices(services, settings, Sealers.Create(SealerKind.Fast), new StoredKeyCodec(), TextWriter.Null, TextWriter.Null, TimeProvider.System);
        _services = services.BuildServiceProvider();
        _router = _services.GetRequiredService<KesRouter>();
        _mediator = _services.GetRequiredService<Mediator.Mediator>();
        _requestContext = new RequestContext { Identity = admin, Method = "POST", Path = "/v1/key/generate/bench", State = _services.GetRequiredService<LiveServerState>().Current };

        var context = Convert.ToBase64String("{\"bucket\":\"bucket/object\"}"u8);
        _generateBody = Encoding.UTF8.GetBytes($"{{\"context\":\"{context}\"}}");
        await _router.InvokeAsync(NewContext("PUT", "/v1/key/create/bench", []));
        var generated = NewContext("POST", "/v1/key/generate/bench", _generateBody);
        await _router.InvokeAsync(generated);
        generated.Response.Body.Position = 0;
        using var reply = await System.Text.Json.JsonDocument.ParseAsync(generated.Response.Body);
        var ciphertext = reply.RootElement.GetProperty("ciphertext").GetString();
        _decryptBody = Encoding.UTF8.GetBytes($"{{\"ciphertext\":\"{ciphertext}\",\"context\":\"{context}\"}}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services?.Dispose();
        _certificate?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async Task Bare_handler_fixed_reply()
    {
        var http = NewContext("POST", "/v1/key/generate/bench", _generateBody);
        await http.Request.Body.CopyToAsync(Stream.Null);
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = FixedReply.Length;
        await http.Response.Body.WriteAsync(FixedReply);
    }

    [Benchmark]
    public Task Generate_through_the_pipeline() => _router!.InvokeAsync(NewContext("POST", "/v1/key/generate/bench", _generateBody));

    [Benchmark]
    public async Task Generate_mediator_only()
    {
        var request = new GenerateDataKey(_requestContext, "bench", null, _associatedData);
        using var key = await _mediator!.Send(request);
    }

    [Benchmark]
    public Task Decrypt_through_the_pipeline() => _router!.InvokeAsync(NewContext("POST", "/v1/key/decrypt/bench", _decryptBody));

    private DefaultHttpContext NewContext(string method, string path, byte[] body)
    {
        var http = new DefaultHttpContext();
        http.Features.Set<IConnectionItemsFeature>(_connection);
        http.Request.Method = method;
        http.Request.Scheme = "https";
        http.Request.Path = path;
        http.Features.Get<IHttpRequestFeature>()!.RawTarget = path;
        http.Request.ContentLength = body.Length;
        http.Request.Body = new MemoryStream(body, writable: false);
        http.Response.Body = new MemoryStream(256);
        http.Connection.ClientCertificate = _certificate;
        http.Connection.RemoteIpAddress = IPAddress.Loopback;
        http.RequestServices = _services!;
        return http;
    }

    /// <summary>One connection's items, shared by every request as a keep-alive connection's are.</summary>
    private sealed class ConnectionItems : IConnectionItemsFeature
    {
        public IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();
    }
}
