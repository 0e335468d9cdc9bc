using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Kes.Domain.Errors;

namespace Kes.Infrastructure.KeyStores.Vault;

/// <summary>The login and the token's life (docs/keystores.md §7): AppRole or Kubernetes login, renewal at 80 % of the lease, a new login when renewal fails or Vault refuses the token.</summary>
/// <remarks>
/// Logins are single-flight: the requests that find the token refused all wait for one login, and a
/// request that was refused with a token already replaced just retries with the new one. The
/// Kubernetes JWT file is read at every login, because projected service account tokens rotate.
/// </remarks>
internal sealed class VaultSession : IAsyncDisposable
{
    private readonly VaultHttp _http;
    private readonly VaultKeyStoreConfig _config;
    private readonly VaultConnectOptions _options;
    private readonly SemaphoreSlim _loginGate = new(1, 1);
    private readonly BackgroundLoop _renewal = new();
    private volatile VaultToken? _token;

    private VaultSession(VaultHttp http, VaultKeyStoreConfig config, VaultConnectOptions options)
    {
        _http = http;
        _config = config;
        _options = options;
    }

    /// <summary>The current token, or null before the first login.</summary>
    public string? Token => _token?.Value;

    // The auth namespace may differ from the K/V one; "/" is the root (docs/keystores.md §7).
    private string AuthNamespace => (_config.AppRole?.Namespace ?? _config.Kubernetes?.Namespace) is { Length: > 0 } ns ? ns : _config.Namespace;

    /// <summary>Logs in (or takes the pre-issued token) and starts the renewal.</summary>
    public static async Task<VaultSession> StartAsync(VaultHttp http, VaultKeyStoreConfig config, VaultConnectOptions options, CancellationToken cancellationToken)
    {
        var session = new VaultSession(http, config, options);
        if (options.Token is { } token)
        {
            session._token = new VaultToken(token, TimeSpan.Zero, false, Stopwatch.GetTimestamp());
            return session;
        }

        await session.LoginAsync(cancellationToken).ConfigureAwait(false);
        session._renewal.Start(session.RenewAsync);
        return session;
    }

    /// <summary>Called when Vault refused <paramref name="refused"/>: logs in again unless another caller already did.</summary>
    public async Task RefreshAsync(string? refused, CancellationToken cancellationToken)
    {
        if (_options.Token is not null)
        {
            return;
        }

        await _loginGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token?.Value == refused)
            {
                await LoginLockedAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _loginGate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _renewal.DisposeAsync().ConfigureAwait(false);
        _loginGate.Dispose();
    }

    private static VaultToken ReadToken(VaultAnswer answer)
    {
        using var document = JsonDocument.Parse(answer.Body.ToArray());
        if (!document.RootElement.TryGetProperty("auth", out var auth) || auth.ValueKind != JsonValueKind.Object
            || !auth.TryGetProperty("client_token", out var token) || token.GetString() is not { Length: > 0 } value)
        {
            throw new VaultKeyStoreException("vault: the login answer holds no client token", answer.Status);
        }

        var lease = auth.TryGetProperty("lease_duration", out var seconds) && seconds.TryGetInt64(out var s) ? TimeSpan.FromSeconds(s) : TimeSpan.Zero;
        var renewable = auth.TryGetProperty("renewable", out var r) && r.ValueKind == JsonValueKind.True;
        return new VaultToken(value, lease, renewable, Stopwatch.GetTimestamp());
    }

    private async Task LoginAsync(CancellationToken cancellationToken)
    {
        await _loginGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await LoginLockedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _loginGate.Release();
        }
    }

    private async Task LoginLockedAsync(CancellationToken cancellationToken)
    {
        var (engine, body) = LoginRequest();
        VaultAnswer answer;
        try
        {
            answer = await _http.SendAsync(HttpMethod.Post, $"auth/{engine}/login", body, body.Length, AuthNamespace, null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // It holds the AppRole secret or the service account token.
            Array.Clear(body);
        }

        using var _ = answer;
        if (answer.Status != 200)
        {
            throw new VaultKeyStoreException($"vault: failed to log in at auth/{engine}: {answer.Errors()}", answer.Status);
        }

        _token = ReadToken(answer);
    }

    private (string Engine, byte[] Body) LoginRequest()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using var writer = new Utf8JsonWriter(buffer);
        writer.WriteStartObject();
        string engine;
        if (_config.AppRole is { } appRole)
        {
            engine = appRole.Engine.Length == 0 ? "approle" : appRole.Engine;
            writer.WriteString("role_id", appRole.Id);
            writer.WriteString("secret_id", appRole.Secret);
        }
        else
        {
            var kubernetes = _config.Kubernetes ?? throw new VaultKeyStoreException("vault: no authentication method configured");
            engine = kubernetes.Engine.Length == 0 ? "kubernetes" : kubernetes.Engine;
            writer.WriteString("role", kubernetes.Role);
            writer.WriteString("jwt", kubernetes.JwtIsFile ? ReadJwt(kubernetes.Jwt) : kubernetes.Jwt);
        }

        writer.WriteEndObject();
        writer.Flush();
        return (engine, buffer.WrittenSpan.ToArray());
    }

    private static string ReadJwt(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new VaultKeyStoreException($"vault: failed to read the kubernetes JWT from '{path}': {e.Message}", e);
        }
    }

    private async Task RenewAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var token = _token!;
            try
            {
                await Task.Delay(token.UntilRenewal, stop).ConfigureAwait(false);
                if (!await TryRenewAsync(token, stop).ConfigureAwait(false))
                {
                    await RefreshAsync(token.Value, stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is VaultKeyStoreException or KeyStoreUnreachableException or JsonException)
            {
                // The old token may still be good for a while; requests that get it refused log in on their own.
                _options.ErrorLog?.Invoke("vault: failed to renew or replace the client token: " + e.Message);
                await Task.Delay(_options.UnhealthyRecheck, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<bool> TryRenewAsync(VaultToken token, CancellationToken cancellationToken)
    {
        if (!token.Renewable)
        {
            return false;
        }

        using var answer = await _http.SendAsync(HttpMethod.Post, "auth/token/renew-self", "{}"u8.ToArray(), 2, AuthNamespace, token.Value, cancellationToken).ConfigureAwait(false);
        if (answer.Status != 200)
        {
            _options.ErrorLog?.Invoke($"vault: failed to renew the client token, logging in again: {answer.Errors()}");
            return false;
        }

        var renewed = ReadToken(answer);

        // A token at its max TTL is granted less than it asked for: log in before it runs out rather than renewing it into the ground.
        if (renewed.Lease < token.Lease / 2)
        {
            return false;
        }

        // A login by a request may have replaced the token meanwhile; that one stays.
        Interlocked.CompareExchange(ref _token, renewed, token);
        return true;
    }
}
