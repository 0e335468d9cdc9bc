using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Kes.IntegrationTests.KeyStores;

/// <summary>The host of the in-repo backend endpoints (AWS, Vault): a Kestrel app on 127.0.0.1 that can stop listening and listen again on the same port.</summary>
public sealed class LoopbackEndpoint(RequestDelegate handler, Action<ListenOptions>? configure = null) : IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The port, chosen by the system at the first start and kept across restarts.</summary>
    public int Port { get; private set; }

    /// <summary>Starts listening on a free port.</summary>
    public Task StartAsync() => ListenAsync(0);

    /// <summary>Stops listening: connections are refused until <see cref="ComeBackAsync"/>.</summary>
    public async Task GoDownAsync()
    {
        var app = Interlocked.Exchange(ref _app, null);
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>Listens again on the same port.</summary>
    public Task ComeBackAsync() => ListenAsync(Port);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => new(GoDownAsync());

    /// <summary>The slowness fault of the fakes: waits <paramref name="delay"/> before answering; false when the client gave up meanwhile, so no answer is written.</summary>
    public static async Task<bool> StallAsync(TimeSpan delay, HttpContext context)
    {
        if (delay <= TimeSpan.Zero)
        {
            return true;
        }

        try
        {
            await Task.Delay(delay, context.RequestAborted);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task ListenAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => configure?.Invoke(listen)));
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        Port = new Uri(app.Urls.Single()).Port;
        _app = app;
    }
}
