using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Kes.Bench.Load;

/// <summary>The same-run baseline: bare Kestrel with the server's TLS and client-certificate settings, answering a fixed body the size of a generate reply.</summary>
public static class BaselineServer
{
    /// <summary>A reply shaped and sized like <c>{"plaintext":b64(32),"ciphertext":b64(76)}\n</c>.</summary>
    private static readonly byte[] Reply = System.Text.Encoding.UTF8.GetBytes(
        $"{{\"plaintext\":\"{Convert.ToBase64String(new byte[32])}\",\"ciphertext\":\"{Convert.ToBase64String(new byte[76])}\"}}\n");

    /// <summary>The baseline's count of open connections in its <c>/v1/metrics</c>, so a one-connection run can prove the server saw one.</summary>
    public const string OpenFamily = "bench_connections_open";

    private static long _open;

    /// <summary>Serves on 127.0.0.1 until stdin closes; prints the port on the first line of stdout.</summary>
    public static async Task<int> RunAsync(string certificateFile, string keyFile)
    {
        var certificate = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        certificate = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // The KES server's own HTTP/2 stream limit, so both sides admit the same concurrency on one connection.
            kestrel.Limits.Http2.MaxStreamsPerConnection = 512;
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.Use(next => async connection =>
                {
                    Interlocked.Increment(ref _open);
                    try
                    {
                        await next(connection);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _open);
                    }
                });
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = certificate;
                    https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
                    https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                    https.AllowAnyClientCertificate();
                });
            });
        });
        var app = builder.Build();
        app.Run(async http =>
        {
            if (http.Request.Path == "/v1/metrics")
            {
                // The same allocation counter the KES server exposes, so the tool can tell Kestrel's share.
                await http.Response.WriteAsync($"kes_runtime_allocated_bytes_total {GC.GetTotalAllocatedBytes(precise: false)}\n{OpenFamily} {Interlocked.Read(ref _open)}\n");
                return;
            }

            // Read the request like a handler would, then answer the fixed reply.
            await http.Request.Body.CopyToAsync(Stream.Null);
            http.Response.ContentType = "application/json";
            http.Response.ContentLength = Reply.Length;
            await http.Response.Body.WriteAsync(Reply);
        });
        await app.StartAsync();
        var address = app.Urls.First();
        Console.WriteLine(new Uri(address).Port);
        await Console.In.ReadToEndAsync();
        await app.StopAsync();
        return 0;
    }
}
