using System.Security.Cryptography;
using Kes.Domain.Ports;
using Net.Pkcs11Interop.Common;

namespace Kes.Infrastructure.Seals.Pkcs11;

/// <summary>The seal of a non-extractable AES-256 root key inside a PKCS#11 token: AES-GCM on the token, through a pool of sessions (docs/keystores.md §9).</summary>
/// <remarks>
/// | mechanism | IV | tag | overhead |
/// |---|---|---|---|
/// | CKM_AES_GCM | 12 B, random per value | 16 B | header + 28 B, then base64 |
/// </remarks>
internal sealed class Pkcs11Seal : IKeySeal
{
    private readonly Pkcs11SessionPool _pool;
    private readonly string _keyLabel;

    private Pkcs11Seal(Pkcs11SessionPool pool, string tokenLabel, string keyLabel)
    {
        _pool = pool;
        _keyLabel = keyLabel;
        Description = $"PKCS#11 token '{tokenLabel}', key '{keyLabel}'";
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>Loads the module, finds the token, logs in and checks the root key.</summary>
    /// <exception cref="SealException">Any of these failed; the message says which.</exception>
    public static Pkcs11Seal Open(Pkcs11SealConfig config, int sessions)
    {
        var token = new Pkcs11Token(Pkcs11Module.Load(config.Module), config.Token);
        return new Pkcs11Seal(new Pkcs11SessionPool(token, config.Pin, config.Key, sessions), config.Token, config.Key);
    }

    /// <inheritdoc />
    public Task<byte[]> SealAsync(string name, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        var header = SealedValue.Create(Pkcs11Token.AesGcm, _keyLabel, RandomNumberGenerator.GetBytes(Pkcs11Token.IvSize));
        var aad = header.AssociatedData(name);
        return _pool.RunAsync(
            (token, session, key) =>
            {
                var output = new byte[value.Length + Pkcs11Token.TagSize];
                var rv = token.Encrypt(session, key, header.Iv, aad, value.Span, output);
                return rv == CKR.CKR_OK
                    ? PoolResult<byte[]>.Success(header.Format(output))
                    : PoolResult<byte[]>.TokenFailure(Failed("seal", name, rv));
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<byte[]> OpenAsync(string name, ReadOnlyMemory<byte> sealedValue, CancellationToken cancellationToken)
    {
        SealedValue value;
        try
        {
            value = SealedValue.Parse(sealedValue.Span);
        }
        catch (FormatException e)
        {
            throw new SealException($"seal: the stored value of key '{name}' is not a valid sealed value: {e.Message}", e);
        }

        if (value.KeyLabel != _keyLabel || value.Mechanism != Pkcs11Token.AesGcm || value.Iv.Length != Pkcs11Token.IvSize)
        {
            throw new SealException($"seal: key '{name}' was sealed by root key '{value.KeyLabel}' with mechanism 0x{value.Mechanism:x}; this server seals with '{_keyLabel}' and CKM_AES_GCM");
        }

        var aad = value.AssociatedData(name);
        return _pool.RunAsync((token, session, key) => Decrypt(token, session, key, name, value, aad), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _pool.Dispose();
        return ValueTask.CompletedTask;
    }

    private static PoolResult<byte[]> Decrypt(Pkcs11Token token, ulong session, ulong key, string name, SealedValue value, byte[] aad)
    {
        // The token writes the plaintext straight into pinned memory, which the GC never copies.
        var buffer = GC.AllocateArray<byte>(value.Ciphertext.Length, pinned: true);
        try
        {
            var rv = token.Decrypt(session, key, value.Iv, aad, value.Ciphertext, buffer, out var written);
            if (rv == CKR.CKR_OK)
            {
                var plaintext = GC.AllocateArray<byte>(written, pinned: true);
                buffer.AsSpan(0, written).CopyTo(plaintext);
                return PoolResult<byte[]>.Success(plaintext);
            }

            // SoftHSM reports a failed tag check as CKR_GENERAL_ERROR, other tokens as
            // CKR_ENCRYPTED_DATA_INVALID: only a session that still reaches the key tells forgery from failure.
            return rv is CKR.CKR_GENERAL_ERROR or CKR.CKR_ENCRYPTED_DATA_INVALID or CKR.CKR_ENCRYPTED_DATA_LEN_RANGE && token.CanReach(session, key)
                ? PoolResult<byte[]>.Refused(new SealException($"seal: the sealed value of key '{name}' is not authentic: it was changed, or sealed for another name"))
                : PoolResult<byte[]>.TokenFailure(Failed("open", name, rv));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    private static SealException Failed(string operation, string name, CKR rv) =>
        new($"seal: cannot {operation} key '{name}': the PKCS#11 token failed: {rv}", new Pkcs11Exception(operation == "seal" ? "C_Encrypt" : "C_Decrypt", rv));
}
