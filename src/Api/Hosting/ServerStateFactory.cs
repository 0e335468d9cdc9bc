using Kes.Application.Caching;
using Kes.Application.Keys;
using Kes.Application.Metrics;
using Kes.Domain.Keys;
using Kes.Domain.Ports;

namespace Kes.Api.Hosting;

/// <summary>Builds a <see cref="ServerState"/> from settings: the one place a key cache is made.</summary>
public sealed class ServerStateFactory(IKeyVersionCodec codec, ISealer sealer, TimeProvider time, KesMetrics metrics, KeyAlgorithm newKeyAlgorithm, TextWriter stderr)
{
    /// <summary>A state over the settings' keystore, not yet validated; it owns the keystore from here on.</summary>
    public ServerState Open(ServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var cache = new KeyCache(settings.KeyStore, codec, sealer, settings.Cache, time, metrics);
        return new ServerState(settings, new KeyCacheShare(cache, stderr, time), KesServerHost.BuildRoutes(settings), TlsState.From(settings));
    }

    /// <summary>A state checked against its keystore: the declared keys exist in it. On failure the state is closed and the error propagates.</summary>
    public async Task<ServerState> OpenValidatedAsync(ServerSettings settings, CancellationToken cancellationToken)
    {
        var state = Open(settings);
        try
        {
            await CreateDeclaredKeysAsync(state, cancellationToken).ConfigureAwait(false);
            return state;
        }
        catch
        {
            state.Release();
            await state.Closed.ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates the state's declared keys that its keystore lacks, as the admin (docs/config.md §4.8).</summary>
    public Task CreateDeclaredKeysAsync(ServerState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        return DeclaredKeys.CreateAsync(state.Cache, state.DeclaredKeys, state.Policies.Admin, newKeyAlgorithm, time, cancellationToken);
    }
}
