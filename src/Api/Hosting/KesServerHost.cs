using System.Net;
using Kes.Api.Http.Routes;
using Kes.Api.Http.Routing;
using Kes.Application.Caching;
using Kes.Application.Logs;
using Kes.Application.Metrics;
using Kes.Application.Pipeline;
using Kes.Application.Policies;
using Kes.Application.Status;
using Kes.Domain.Keys;
using Kes.Domain.Ports;
using Kes.Infrastructure.Crypto;
using Kes.Infrastructure.Crypto.Fips;
using Kes.Infrastructure.Tls;
using Kes.Application.Keys;
using FluentValidation;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Kes.Api.Hosting;

/// <summary>Builds and runs the KES HTTPS server for a set of <see cref="ServerSettings"/>.</summary>
public sealed class KesServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KesServerHost(WebApplication app, ServerSettings settings)
    {
        _app = app;
        Settings = settings;
    }

    /// <summary>The settings the server runs with.</summary>
    public ServerSettings Settings { get; }

    /// <summary>The bound endpoint (the real port when the settings asked for port 0).</summary>
    public IPEndPoint BoundAddress
    {
        get
        {
            var address = _app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                .Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var uri = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "[::1]", StringComparison.Ordinal));
            return new IPEndPoint(IPAddress.Parse(uri.Host.Trim('[', ']')), uri.Port);
        }
    }

    /// <summary>The services of the running server (the cache, the logs, the metrics).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Builds the host; call <see cref="StartAsync"/> to bind and serve.</summary>
    public static KesServerHost Create(ServerSettings settings, ISealer sealer, IKeyVersionCodec codec, TextWriter stdout, TextWriter stderr, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        time ??= TimeProvider.System;
        ArgumentNullException.ThrowIfNull(sealer);
        if (settings.Fips)
        {
            sealer = new FipsSealer(sealer);
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var tls = new TlsStateHolder(TlsState.From(settings));
        builder.WebHost.ConfigureKestrel(kestrel => ConfigureKestrel(kestrel, settings, tls));
        builder.Services.AddSingleton(tls);

        AddKesServices(builder.Services, settings, sealer, codec, stdout, stderr, time);
        var app = builder.Build();
        var router = app.Services.GetRequiredService<KesRouter>();
        app.Run(router.InvokeAsync);
        return new KesServerHost(app, settings);
    }

    /// <summary>Registers everything a request needs, from the router down to the key cache; the benchmarks build the same graph without Kestrel.</summary>
    public static void AddKesServices(IServiceCollection services, ServerSettings settings, ISealer sealer, IKeyVersionCodec codec, TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var routes = BuildRoutes(settings);
        services.AddSingleton(time);
        services.AddSingleton(sealer);
        services.AddSingleton<IRandomSource, OsRandomSource>();
        services.AddSingleton(new FipsMode(settings.Fips));
        services.AddSingleton(codec);
        services.AddSingleton(settings);
        var routeHolder = new RouteTableHolder(routes);
        services.AddSingleton(routeHolder);
        services.AddSingleton<IApiCatalog>(routeHolder);
        var errorLog = new ErrorLog(stderr, settings.ErrorLogLevel, time);
        SecretPages.OnLockRefused(message => errorLog.Error(message));
        services.AddSingleton(errorLog);
        services.AddSingleton(new AuditLog(stdout, settings.AuditLogLevel, time));
        var metrics = new KesMetrics(time);
        services.AddSingleton(metrics);
        services.AddSingleton(new ServerClock(time));
        services.AddSingleton(BuildInfo.FromAssembly(typeof(KesServerHost).Assembly));
        services.AddSingleton(new KeyCacheHolder(new KeyCache(settings.KeyStore, codec, sealer, settings.Cache, time, metrics)));
        services.AddSingleton(settings.Access);
        if (settings.Access is PolicyHolder holder)
        {
            services.AddSingleton(holder);
        }

        services.AddSingleton<IIdentitySource, CertificateIdentitySource>();
        services.AddValidatorsFromAssemblyContaining<PolicyHolder>(ServiceLifetime.Singleton);
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Singleton;
            options.PipelineBehaviors =
            [
                typeof(AuditBehavior<,>),
                typeof(AuthorizationBehavior<,>),
                typeof(MetricsBehavior<,>),
                typeof(ErrorMappingBehavior<,>),
                typeof(ValidationBehavior<,>),
            ];
        });
        services.AddSingleton<KesRouter>(provider => new KesRouter(
            routeHolder,
            provider.GetRequiredService<Mediator.Mediator>(),
            provider.GetRequiredService<IIdentitySource>(),
            time));

    }

    /// <summary>The default routes with the settings' <c>api:</c> overrides applied.</summary>
    public static RouteTable BuildRoutes(ServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new RouteTable(RouteOverrides.Apply(ServerRoutes.Defaults, settings.RouteOverrides));
    }

    /// <summary>Binds the listener and starts serving.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => _app.StartAsync(cancellationToken);

    /// <summary>Stops serving, waiting at most a second for requests in flight, as upstream does.</summary>
    public async Task StopAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(grace.Token).ConfigureAwait(false);
    }

    /// <summary>Waits until the host shuts down.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        var cache = _app.Services.GetRequiredService<KeyCacheHolder>().Current;
        await cache.DisposeAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await cache.Store.DisposeAsync().ConfigureAwait(false);
    }

    private static void ConfigureKestrel(KestrelServerOptions kestrel, ServerSettings settings, TlsStateHolder tls)
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(5);
        kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(90);
        kestrel.Limits.MaxRequestBodySize = null;
        kestrel.Limits.MinRequestBodyDataRate = null;
        kestrel.Listen(settings.Address, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(new TlsHandshakeCallbackOptions
            {
                HandshakeTimeout = TimeSpan.FromSeconds(10),
                OnConnection = _ => ValueTask.FromResult(tls.Current.ForConnection()),
            });
        });
    }
}
