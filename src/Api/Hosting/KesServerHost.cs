using System.Net;
using Kes.Api.Http.Buffers;
using Kes.Api.Http.Routes;
using Kes.Api.Http.Routing;
using Kes.Api.Http.Tls;
using Kes.Application.Logs;
using Kes.Application.Metrics;
using Kes.Application.Pipeline;
using Kes.Application.Requests;
using Kes.Application.Status;
using Kes.Domain.Keys;
using Kes.Domain.Logs;
using Kes.Domain.Ports;
using Kes.Infrastructure.Crypto;
using Kes.Infrastructure.Crypto.Fips;
using Kes.Infrastructure.Tls;
using Kes.Application.Keys;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Kes.Api.Hosting;

/// <summary>Builds and runs the KES HTTPS server for a set of <see cref="ServerSettings"/>.</summary>
public sealed class KesServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly LiveServerState _state;
    private readonly ServerStateFactory _factory;
    private readonly TextWriter _stderr;
    private readonly AuditLog _audit;
    private readonly SemaphoreSlim _reloading = new(1, 1);

    private KesServerHost(WebApplication app, TextWriter stderr)
    {
        _app = app;
        _state = app.Services.GetRequiredService<LiveServerState>();
        _factory = app.Services.GetRequiredService<ServerStateFactory>();
        _audit = app.Services.GetRequiredService<AuditLog>();
        _stderr = stderr;
    }

    /// <summary>The settings of the state in force.</summary>
    public ServerSettings Settings => _state.Current.Settings;

    /// <summary>The state in force now (no lease: a request takes its own on arrival).</summary>
    public ServerState State => _state.Current;

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
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        // With this category on at any level, the hosting layer starts an Activity and a log scope for every request.
        builder.Logging.AddFilter(FrameworkErrorLog.PerRequestCategory, LogLevel.None);
        builder.Services.AddSingleton<ILoggerProvider>(services => new FrameworkErrorLog(services.GetRequiredService<ErrorLog>(), time));
        builder.WebHost.ConfigureKestrel(kestrel => ConfigureKestrel(kestrel, settings));
        AddKesServices(builder.Services, settings, sealer, codec, stdout, stderr, time);
        builder.Services.AddSingleton(new OpenConnections(time));
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>>(services => new ZeroingBlockPoolFactory(
            time, new MemoryReleaseTrigger(services.GetRequiredService<OpenConnections>(), () => Environment.WorkingSet), services.GetRequiredService<HeldBlocks>()));
        var app = builder.Build();
        var router = app.Services.GetRequiredService<KesRouter>();
        app.Run(router.InvokeAsync);
        return new KesServerHost(app, stderr);
    }

    /// <summary>Registers everything a request needs, from the router down to the key cache; the benchmarks build the same graph without Kestrel.</summary>
    public static void AddKesServices(IServiceCollection services, ServerSettings settings, ISealer sealer, IKeyVersionCodec codec, TextWriter stdout, TextWriter stderr, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(time);
        services.AddSingleton(sealer);
        services.AddSingleton<IRandomSource, OsRandomSource>();
        var fips = new FipsMode(settings.Fips);
        services.AddSingleton(fips);
        services.AddSingleton(codec);
        var metrics = new KesMetrics(time);
        services.AddSingleton(metrics);
        var factory = new ServerStateFactory(codec, sealer, time, metrics, fips.NewKeyAlgorithm, stderr);
        services.AddSingleton(factory);
        var state = new LiveServerState(factory.Open(settings));
        services.AddSingleton(state);
        services.AddSingleton<IServerStateSource>(state);
        var errorLog = new ErrorLog(stderr, state, time);
        SecretPages.OnLockRefused(message => errorLog.Error(message));
        services.AddSingleton(errorLog);
        services.AddSingleton(new AuditLog(stdout, time, message => errorLog.Error(message)));
        services.AddSingleton(new ServerClock(time));
        services.AddSingleton(BuildInfo.FromAssembly(typeof(KesServerHost).Assembly));
        services.AddSingleton<IIdentitySource, CertificateIdentitySource>();
        services.AddKesValidators();
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
        services.AddSingleton(new BodyBudget(settings.MaxBodyBytesInFlight));
        services.AddSingleton(new HeldBlocks(settings.MaxHeldBlockBytes));
        services.AddSingleton<KesRouter>(provider => new KesRouter(
            state,
            provider.GetRequiredService<Mediator.Mediator>(),
            provider.GetRequiredService<IIdentitySource>(),
            provider.GetRequiredService<BodyBudget>(),
            provider.GetRequiredService<HeldBlocks>(),
            errorLog,
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
        _audit.Flush();
    }

    /// <summary>Waits until the host shuts down.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Creates the declared keys of the state in force that its keystore lacks; startup calls it once the listener is bound.</summary>
    public Task CreateDeclaredKeysAsync(CancellationToken cancellationToken) => _factory.CreateDeclaredKeysAsync(_state.Current, cancellationToken);

    /// <summary>
    /// Reloads the whole configuration: builds the new state beside the one in force, opens its keystore
    /// and creates its declared keys, then swaps it in one step; requests already admitted finish on the
    /// old state, whose keystore closes after them. A failure keeps the old state whole and says why
    /// (docs/config.md §6).
    /// </summary>
    /// <param name="load">Reads the configuration into settings (opening their keystore).</param>
    /// <param name="cancellationToken">Abandons the reload.</param>
    /// <returns>The settings now in force, or null when the reload failed.</returns>
    public async Task<ServerSettings?> ReloadAsync(Func<ServerSettings> load, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(load);
        await _reloading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ServerState next;
            try
            {
                next = await _factory.OpenValidatedAsync(load(), cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A failed reload keeps the running configuration and says why.
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                Report($"Failed to reload server config: {e.Message}");
                return null;
            }

            _state.Swap(next);
            return next.Settings;
        }
        finally
        {
            _reloading.Release();
        }
    }

    /// <summary>Replaces the certificate (and client-certificate checks) for new connections, keeping everything else of the state in force; a failure keeps the old certificate and says why.</summary>
    /// <param name="load">Reads the TLS part of the configuration.</param>
    /// <param name="cancellationToken">Abandons the reload.</param>
    /// <returns>Whether the new certificate is in force.</returns>
    public async Task<bool> ReloadCertificateAsync(Func<TlsState> load, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(load);
        await _reloading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            TlsState tls;
            try
            {
                tls = load();
            }
#pragma warning disable CA1031 // A failed certificate reload keeps the running certificate and says why.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Report($"Failed to reload TLS certificate: {e.Message}");
                return false;
            }

            _state.Swap(_state.Current.WithTls(tls));
            return true;
        }
        finally
        {
            _reloading.Release();
        }
    }

    /// <summary>Every <paramref name="period"/> (15 minutes upstream) re-reads the certificate so rotated files take effect without a restart; runs until cancelled.</summary>
    public async Task RefreshCertificatesAsync(Func<TlsState> load, TimeSpan period, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await ReloadCertificateAsync(load, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutdown.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Requests end with the host; only then is the last state retired and its keystore closed.
        await _app.DisposeAsync().ConfigureAwait(false);
        _audit.Dispose();
        await _state.RetireAsync().ConfigureAwait(false);
        _reloading.Dispose();
    }

    private void Report(string message)
    {
        lock (_stderr)
        {
            _stderr.WriteLine(message);
        }
    }

    private static void ConfigureKestrel(KestrelServerOptions kestrel, ServerSettings settings)
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(5);
        kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(90);
        kestrel.Limits.MaxRequestBodySize = null;
        kestrel.Limits.MinRequestBodyDataRate = null;
        // MinIO sends all of a node's requests as concurrent streams of one HTTP/2 connection, several hundred
        // at a time; Kestrel's default of 100 would queue the rest in the client (bench/RESULTS.md).
        kestrel.Limits.Http2.MaxStreamsPerConnection = 512;
        // Any certificate passes the handshake by default, so without a bound anyone could hold idle connections
        // until the 256 MiB heap ran out: about 8,700 ended the process (bench/RESULTS.md, docs/api.md §1).
        kestrel.Limits.MaxConcurrentConnections = settings.MaxConnections;
        GoRequestLimits.Apply(kestrel);
        var state = kestrel.ApplicationServices.GetRequiredService<LiveServerState>();
        var errorLog = kestrel.ApplicationServices.GetRequiredService<ErrorLog>();
        var connections = kestrel.ApplicationServices.GetRequiredService<OpenConnections>();
        kestrel.Listen(settings.Address, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.Use(new ClientCertificateAlertMiddleware(() => state.Current.Tls.CertificateRequired).Wrap);
            listen.UseHttps(new TlsHandshakeCallbackOptions
            {
                HandshakeTimeout = TimeSpan.FromSeconds(10),
                OnConnection = _ => ValueTask.FromResult(state.Current.Tls.ForConnection()),
            });
            listen.Use(new TlsConnectionMiddleware(connections, message => errorLog.Write(SlogLevels.Warn, message)).Wrap);
        });
    }
}
