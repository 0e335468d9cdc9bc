using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Kes.Domain.Errors;
using Kes.Domain.Ports;

namespace Kes.Infrastructure.KeyStores.Vault;

/// <summary>KES keys as HashiCorp Vault or OpenBao K/V entries, optionally wrapped by Transit (docs/keystores.md §7).</summary>
/// <remarks>
/// Layout as upstream's, so both servers share a mount: the entry at <c>&lt;engine&gt;/&lt;prefix&gt;/&lt;name&gt;</c>
/// holds one field named after the key whose string is the stored value (or its <c>vault:v1:</c>
/// Transit ciphertext). Errors: an existing entry → 400 <c>key already exists</c>, a missing one → 404,
/// no answer → <see cref="KeyStoreUnreachableException"/>, everything else → <see cref="VaultKeyStoreException"/>
/// with Vault's status and error text for the error log (502 for the client). A token Vault refuses is
/// replaced by a new login and the call repeated once, so an expired token fails no request.
/// </remarks>
public sealed class VaultKeyStore : IKeyStore
{
    private const string TransitPrefix = "vault:v1:";

    private readonly VaultHttp _http;
    private readonly VaultLocations _locations;
    private readonly VaultKeyStoreConfig _config;
    private readonly VaultHealth _health;
    private readonly SemaphoreSlim _v1Creates = new(1, 1);
    private VaultSession? _session;
    private volatile bool _disposed;

    private VaultKeyStore(VaultHttp http, VaultLocations locations, VaultKeyStoreConfig config, VaultConnectOptions options)
    {
        _http = http;
        _locations = locations;
        _config = config;
        _health = new VaultHealth(http, config.EffectiveStatusPing, options);
        Description = "Hashicorp Vault: " + config.Endpoint;
    }

    /// <summary>The banner string: <c>Hashicorp Vault: &lt;endpoint&gt;</c>.</summary>
    public string Description { get; }

    private VaultSession Session => _session ?? throw new InvalidOperationException("the session starts in ConnectAsync");

    /// <summary>Checks the engine version, logs in and starts the health ping and the token renewal; any failure aborts.</summary>
    /// <exception cref="VaultKeyStoreException">An invalid engine version, or Vault refused the login.</exception>
    /// <exception cref="KeyStoreUnreachableException">Vault did not answer.</exception>
    public static async Task<VaultKeyStore> ConnectAsync(VaultKeyStoreConfig config, VaultConnectOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        var locations = new VaultLocations(config);
        var store = new VaultKeyStore(new VaultHttp(config, options), locations, config, options);
        try
        {
            store._session = await VaultSession.StartAsync(store._http, config, options, cancellationToken).ConfigureAwait(false);
            store._health.Start();
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task CreateAsync(string name, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        CheckName(name);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!Utf8.IsValid(value.Span))
        {
            throw new VaultKeyStoreException($"vault: failed to create '{name}': the value is not UTF-8 text, which a K/V string holds");
        }

        // K/V v1 has no create-only write: within this server, creates take turns between the check and the write.
        var serialize = !_locations.IsV2;
        if (serialize)
        {
            await _v1Creates.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await CheckAbsentAsync(name, cancellationToken).ConfigureAwait(false);
            var stored = _config.Transit is null ? value.ToArray() : await EncryptAsync(name, value, cancellationToken).ConfigureAwait(false);
            try
            {
                await WriteAsync(name, stored, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Array.Clear(stored);
            }
        }
        finally
        {
            if (serialize)
            {
                _v1Creates.Release();
            }
        }
    }

    /// <inheritdoc />
    public async Task<byte[]> GetAsync(string name, CancellationToken cancellationToken)
    {
        CheckName(name);
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var answer = await ReadAsync(name, cancellationToken).ConfigureAwait(false);
        if (answer.Status == 404)
        {
            throw new KesException(KesError.KeyNotFound);
        }

        var value = Field(answer, name) ?? throw new VaultKeyStoreException($"vault: failed to read '{name}': the entry has no string field '{name}'", answer.Status);
        if (!value.AsSpan().StartsWith(Encoding.ASCII.GetBytes(TransitPrefix)))
        {
            return value;
        }

        try
        {
            return await DecryptAsync(name, value, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Array.Clear(value);
        }
    }

    /// <inheritdoc />
    /// <remarks>Vault answers a delete of a missing entry with success, so this never reports not-found (docs/api.md §6).</remarks>
    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        CheckName(name);
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var answer = await CallAsync(HttpMethod.Delete, _locations.Delete(name), null, _config.Namespace, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess && answer.Status != 404)
        {
            throw new VaultKeyStoreException($"vault: failed to delete '{name}': {answer.Errors()}", answer.Status);
        }
    }

    /// <inheritdoc />
    /// <remarks>One LIST of the engine folder; sub-folders (names ending in <c>/</c>) are no keys and are left out.</remarks>
    public async Task<KeyListPage> ListAsync(string prefix, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var answer = await CallAsync(VaultHttp.List, _locations.Folder, null, _config.Namespace, cancellationToken).ConfigureAwait(false);
        if (answer.Status == 404)
        {
            return new KeyListPage([], string.Empty);
        }

        if (answer.Status != 200)
        {
            throw new VaultKeyStoreException("vault: failed to list keys: " + answer.Errors(), answer.Status);
        }

        var names = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(answer.Body.ToArray());
            if (document.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("keys", out var keys) && keys.ValueKind == JsonValueKind.Array)
            {
                foreach (var key in keys.EnumerateArray())
                {
                    if (key.GetString() is { } entry && !entry.EndsWith('/') && entry.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        names.Add(entry);
                    }
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new VaultKeyStoreException("vault: failed to list keys: the answer is not a key list", e);
        }

        return KeyListPaging.Page(names, prefix, limit);
    }

    /// <inheritdoc />
    /// <remarks><c>GET /v1/sys/health</c> now: sealed, not initialized or no answer is Unreachable, which puts the key cache in its offline mode.</remarks>
    public Task<TimeSpan> StatusAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _health.CheckAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _health.DisposeAsync().ConfigureAwait(false);
        if (_session is not null)
        {
            await _session.DisposeAsync().ConfigureAwait(false);
        }

        _http.Dispose();
        _v1Creates.Dispose();
    }

    private static void CheckName(string name) => ArgumentException.ThrowIfNullOrEmpty(name);

    // The entry's value: data.<name> in v1, data.data.<name> in v2.
    private byte[]? Field(VaultAnswer answer, string name)
    {
        try
        {
            return _locations.IsV2 ? VaultJson.FindString(answer.Body, "data", "data", name) : VaultJson.FindString(answer.Body, "data", name);
        }
        catch (JsonException)
        {
            // The parser's message would point into an answer that may hold the value.
            throw new VaultKeyStoreException($"vault: failed to read '{name}': the answer is not JSON", answer.Status);
        }
    }

    private async Task<VaultAnswer> ReadAsync(string name, CancellationToken cancellationToken)
    {
        var path = _locations.IsV2 ? _locations.Data(name) + "?version=1" : _locations.Data(name);
        var answer = await CallAsync(HttpMethod.Get, path, null, _config.Namespace, cancellationToken).ConfigureAwait(false);
        if (answer.Status is 200 or 404)
        {
            return answer;
        }

        using (answer)
        {
            throw new VaultKeyStoreException($"vault: failed to read '{name}': {answer.Errors()}", answer.Status);
        }
    }

    private async Task CheckAbsentAsync(string name, CancellationToken cancellationToken)
    {
        using var answer = await ReadAsync(name, cancellationToken).ConfigureAwait(false);
        if (answer.Status == 404)
        {
            return;
        }

        var existing = Field(answer, name);
        if (existing is null)
        {
            throw new VaultKeyStoreException($"vault: failed to create '{name}': an entry without a string field '{name}' is in the way", answer.Status);
        }

        Array.Clear(existing);
        throw new KesException(KesError.KeyExists);
    }

    private async Task WriteAsync(string name, byte[] stored, CancellationToken cancellationToken)
    {
        var (body, length) = VaultJson.Write(stored.Length + name.Length, writer =>
        {
            writer.WriteStartObject();
            if (_locations.IsV2)
            {
                // cas 0: written only if no version exists, so concurrent creates on several servers let one win.
                writer.WriteStartObject("options");
                writer.WriteNumber("cas", 0);
                writer.WriteEndObject();
                writer.WriteStartObject("data");
            }

            writer.WriteString(name, stored);
            if (_locations.IsV2)
            {
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        });
        try
        {
            using var answer = await CallAsync(HttpMethod.Put, _locations.Data(name), (body, length), _config.Namespace, cancellationToken).ConfigureAwait(false);
            if (answer.IsSuccess)
            {
                return;
            }

            if (_locations.IsV2 && answer.Status == 400 && answer.Errors().Contains("check-and-set", StringComparison.Ordinal))
            {
                throw new KesException(KesError.KeyExists);
            }

            throw new VaultKeyStoreException($"vault: failed to create '{name}': {answer.Errors()}", answer.Status);
        }
        finally
        {
            VaultJson.Return(body);
        }
    }

    private async Task<byte[]> EncryptAsync(string name, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        var transit = _config.Transit!;
        var (body, length) = VaultJson.Write(value.Length * 2, writer =>
        {
            writer.WriteStartObject();
            writer.WriteBase64String("plaintext", value.Span);
            writer.WriteEndObject();
        });
        try
        {
            using var answer = await CallAsync(HttpMethod.Post, TransitPath(transit, "encrypt"), (body, length), _config.Namespace, cancellationToken).ConfigureAwait(false);
            if (answer.Status != 200)
            {
                throw new VaultKeyStoreException($"vault: failed to encrypt '{name}' with transit key '{transit.KeyName}': {answer.Errors()}", answer.Status);
            }

            return VaultJson.FindString(answer.Body, "data", "ciphertext")
                ?? throw new VaultKeyStoreException($"vault: failed to encrypt '{name}': the transit answer holds no ciphertext", answer.Status);
        }
        finally
        {
            VaultJson.Return(body);
        }
    }

    private async Task<byte[]> DecryptAsync(string name, byte[] ciphertext, CancellationToken cancellationToken)
    {
        var transit = _config.Transit ?? throw new VaultKeyStoreException($"vault: failed to read '{name}': the value is a transit ciphertext and no transit key is configured");
        var (body, length) = VaultJson.Write(ciphertext.Length, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("ciphertext", ciphertext);
            writer.WriteEndObject();
        });
        try
        {
            using var answer = await CallAsync(HttpMethod.Post, TransitPath(transit, "decrypt"), (body, length), _config.Namespace, cancellationToken).ConfigureAwait(false);
            if (answer.Status != 200)
            {
                throw new VaultKeyStoreException($"vault: failed to decrypt '{name}' with transit key '{transit.KeyName}': {answer.Errors()}", answer.Status);
            }

            var encoded = VaultJson.FindString(answer.Body, "data", "plaintext")
                ?? throw new VaultKeyStoreException($"vault: failed to decrypt '{name}': the transit answer holds no plaintext", answer.Status);
            try
            {
                return Base64Decode(name, encoded);
            }
            finally
            {
                Array.Clear(encoded);
            }
        }
        finally
        {
            VaultJson.Return(body);
        }
    }

    private static byte[] Base64Decode(string name, byte[] encoded)
    {
        var decoded = new byte[System.Buffers.Text.Base64.GetMaxDecodedFromUtf8Length(encoded.Length)];
        if (System.Buffers.Text.Base64.DecodeFromUtf8(encoded, decoded, out _, out var written) != System.Buffers.OperationStatus.Done)
        {
            Array.Clear(decoded);
            throw new VaultKeyStoreException($"vault: failed to decrypt '{name}': the transit plaintext is not base64");
        }

        var exact = decoded.AsSpan(0, written).ToArray();
        Array.Clear(decoded);
        return exact;
    }

    private static string TransitPath(VaultTransitConfig transit, string operation) =>
        $"{(transit.Engine.Length == 0 ? "transit" : transit.Engine)}/{operation}/{transit.KeyName}";

    // Every call but the health ping: fails at once while Vault is known sealed or unreachable, and
    // repeats once with a new login when Vault refuses the token (an expired one, or one revoked).
    private async Task<VaultAnswer> CallAsync(HttpMethod method, string path, (byte[] Body, int Length)? body, string ns, CancellationToken cancellationToken)
    {
        _health.ThrowIfUnavailable();
        for (var attempt = 1; ; attempt++)
        {
            var token = Session.Token;
            VaultAnswer answer;
            try
            {
                answer = await _http.SendAsync(method, path, body?.Body, body?.Length ?? 0, ns, token, cancellationToken).ConfigureAwait(false);
            }
            catch (KeyStoreUnreachableException e)
            {
                _health.MarkUnreachable(e);
                throw;
            }

            if (answer.IsSealed)
            {
                answer.Dispose();
                _health.MarkSealed();
                throw new VaultKeyStoreException($"vault: key store is sealed ({method} {path})", 503);
            }

            if (attempt > 1 || !answer.IsPermissionDenied)
            {
                return answer;
            }

            answer.Dispose();
            await Session.RefreshAsync(token, cancellationToken).ConfigureAwait(false);
        }
    }
}
