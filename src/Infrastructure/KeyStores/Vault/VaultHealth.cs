using System.Diagnostics;
using System.Text.Json;
using Kes.Domain.Errors;

namespace Kes.Infrastructure.KeyStores.Vault;

/// <summary>The health ping (docs/keystores.md §7): <c>GET /v1/sys/health</c> every <c>status.ping</c>, so that keystore calls fail at once while Vault is sealed or unreachable.</summary>
/// <remarks>
/// While Vault is unhealthy the ping runs every <see cref="VaultConnectOptions.UnhealthyRecheck"/>, so
/// that calls resume soon after it recovers. The key cache keeps serving cached keys meanwhile
/// (docs/keystores.md §3.2): only calls that need Vault fail, with a 502.
/// </remarks>
internal sealed class VaultHealth : IAsyncDisposable
{
    private readonly VaultHttp _http;
    private readonly TimeSpan _period;
    private readonly VaultConnectOptions _options;
    private readonly BackgroundLoop _ping = new();
    private volatile VaultHealthState _state = VaultHealthState.Ready;
    private volatile Exception? _cause;

    public VaultHealth(VaultHttp http, TimeSpan period, VaultConnectOptions options)
    {
        _http = http;
        _period = period;
        _options = options;
    }

    /// <summary>The state the last ping or answer reported.</summary>
    public VaultHealthState State => _state;

    /// <summary>Starts pinging in the background.</summary>
    public void Start() => _ping.Start(PingAsync);

    /// <summary>Throws at once, without asking Vault, while the last ping or answer found Vault sealed, uninitialized or unreachable.</summary>
    public void ThrowIfUnavailable()
    {
        switch (_state)
        {
            case VaultHealthState.Sealed:
                throw new VaultKeyStoreException("vault: key store is sealed", 503);
            case VaultHealthState.Uninitialized:
                throw new VaultKeyStoreException("vault: key store is not initialized", 501);
            case VaultHealthState.Unreachable:
                throw _cause is { } cause ? new KeyStoreUnreachableException(cause.Message, cause) : new KeyStoreUnreachableException();
        }
    }

    /// <summary>An answer said Vault is sealed: calls fail at once until a ping finds it unsealed.</summary>
    public void MarkSealed() => Report(VaultHealthState.Sealed, null);

    /// <summary>A call got no answer: calls fail at once until a ping gets one.</summary>
    public void MarkUnreachable(KeyStoreUnreachableException cause) => Report(VaultHealthState.Unreachable, cause);

    /// <summary>Asks Vault now; the latency, or Unreachable when it is sealed, uninitialized or does not answer.</summary>
    /// <exception cref="KeyStoreUnreachableException">Sealed, not initialized, or no answer in time.</exception>
    /// <exception cref="VaultKeyStoreException">An answer that is not a health report.</exception>
    public async Task<TimeSpan> CheckAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        VaultAnswer answer;
        try
        {
            // No namespace: sys/health lives in the root namespace only.
            answer = await _http.SendAsync(HttpMethod.Get, "sys/health", null, 0, string.Empty, null, cancellationToken).ConfigureAwait(false);
        }
        catch (KeyStoreUnreachableException e)
        {
            MarkUnreachable(e);
            throw;
        }

        using (answer)
        {
            var latency = Stopwatch.GetElapsedTime(started);
            var state = Read(answer);
            Report(state, null);
            return state switch
            {
                VaultHealthState.Sealed => throw new KeyStoreUnreachableException(new VaultKeyStoreException("vault: key store is sealed", answer.Status)),
                VaultHealthState.Uninitialized => throw new KeyStoreUnreachableException(new VaultKeyStoreException("vault: key store is not initialized", answer.Status)),
                _ => latency,
            };
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _ping.DisposeAsync();

    // Vault's statuses: 200 active, 429 standby, 472 DR secondary, 473 performance standby, 501 not initialized, 503 sealed; the body says the same.
    private static VaultHealthState Read(VaultAnswer answer)
    {
        if (answer.Status is not (200 or 429 or 472 or 473 or 501 or 503))
        {
            throw new VaultKeyStoreException("vault: health check failed: " + answer.Errors(), answer.Status);
        }

        try
        {
            using var document = JsonDocument.Parse(answer.Body.ToArray());
            var root = document.RootElement;
            if (Flag(root, "initialized") == false)
            {
                return VaultHealthState.Uninitialized;
            }

            return Flag(root, "sealed") == true ? VaultHealthState.Sealed : VaultHealthState.Ready;
        }
        catch (JsonException)
        {
            return answer.Status switch
            {
                501 => VaultHealthState.Uninitialized,
                503 => VaultHealthState.Sealed,
                _ => VaultHealthState.Ready,
            };
        }
    }

    private static bool? Flag(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : null;

    private void Report(VaultHealthState state, Exception? cause)
    {
        _cause = cause;
        var previous = _state;
        _state = state;
        if (previous != state)
        {
            _options.ErrorLog?.Invoke(state == VaultHealthState.Ready
                ? "vault: key store is available again"
                : $"vault: key store is {state.ToString().ToLowerInvariant()}{(cause is null ? string.Empty : ": " + cause.Message)}");
        }
    }

    // Wakes every recheck interval but asks Vault only when a ping is due, so that a call that finds
    // Vault sealed or gone brings the next ping within one recheck interval, not one full period.
    private async Task PingAsync(CancellationToken stop)
    {
        var tick = TimeSpan.FromTicks(Math.Min(_period.Ticks, _options.UnhealthyRecheck.Ticks));
        var last = Stopwatch.GetTimestamp();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(tick, stop).ConfigureAwait(false);
                if (_state == VaultHealthState.Ready && Stopwatch.GetElapsedTime(last) < _period)
                {
                    continue;
                }

                last = Stopwatch.GetTimestamp();
                await CheckAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is KeyStoreUnreachableException or VaultKeyStoreException)
            {
                // The state is recorded; the ping goes on.
            }
        }
    }
}
