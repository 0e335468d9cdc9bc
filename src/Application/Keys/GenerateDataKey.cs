using Kes.Application.Pipeline;
using Kes.Application.Requests;
using Kes.Domain.Errors;
using Kes.Domain.Keys;
using Kes.Domain.Ports;
using Mediator;

namespace Kes.Application.Keys;

/// <summary><c>PUT /v1/key/generate/&lt;name&gt;</c>: a fresh 32-byte data key, in plaintext and sealed with the named key (docs/crypto.md §8).</summary>
/// <param name="Context">Who asked.</param>
/// <param name="Name">The key name.</param>
/// <param name="BodyError">The body decoder's complaint, if any.</param>
/// <param name="AssociatedData">The decoded <c>context</c> field; empty when absent.</param>
public readonly record struct GenerateDataKey(RequestContext Context, string Name, string? BodyError, ReadOnlyMemory<byte> AssociatedData)
    : IQuery<DataKey>, IMeteredRequest, IHasBody
{
    /// <inheritdoc />
    public KesError FailureError => KesError.GenerateKeyFailed;
}

/// <summary>The data key: its 32 plaintext bytes and its 76-byte ciphertext, side by side in one pooled block that is zeroed on dispose.</summary>
public readonly struct DataKey(PooledSecret block) : IDisposable
{
    /// <summary>The size of the plaintext, which comes first in the block; the sealed data key follows it.</summary>
    public const int PlaintextSize = GenerateDataKeyHandler.DataKeySize;

    /// <summary>The size of the block: the plaintext, then the ciphertext.</summary>
    internal const int BlockLength = PlaintextSize + PlaintextSize + IKeyCipher.Overhead;

    /// <summary>Runs <paramref name="action"/> on the block (plaintext, then ciphertext), which it cannot keep.</summary>
    public void Use<TState>(TState state, SecretSpanAction<TState> action)
        where TState : allows ref struct => block.Use(state, action);

    /// <inheritdoc />
    public void Dispose() => block.Dispose();
}

/// <summary>Checks the key name, then the body.</summary>
public sealed class GenerateDataKeyValidator : KesValidator<GenerateDataKey>
{
    public GenerateDataKeyValidator()
    {
        KeyName(r => r.Name);
        Body(r => r.BodyError, KesError.InvalidRequestBody);
    }
}

/// <summary>Draws the data key from the CSPRNG and seals it with the cached key.</summary>
public sealed class GenerateDataKeyHandler(IRandomSource random) : IQueryHandler<GenerateDataKey, DataKey>
{
    /// <summary>MinIO uses the data key directly as a 256-bit key.</summary>
    internal const int DataKeySize = 32;

    private const int IvAndNonceSize = IKeyCipher.IvSize + IKeyCipher.NonceSize;

    /// <inheritdoc />
    public async ValueTask<DataKey> Handle(GenerateDataKey query, CancellationToken cancellationToken)
    {
        using var lease = await query.Context.State.Cache.GetAsync(query.Name, cancellationToken).ConfigureAwait(false);
        var block = SecretMemoryPool.Rent(DataKey.BlockLength);
        try
        {
            block.Use((random, lease.Key.Cipher, query.AssociatedData), static (bytes, state) =>
            {
                // One draw for the data key, the iv and the nonce (docs/crypto.md §8): the kernel rekeys its
                // generator on every getrandom(2) call, and a second call cost each request about 0.3 µs.
                // The iv and nonce land where the ciphertext goes next, which the seal then overwrites.
                state.random.Fill(bytes[..(DataKeySize + IvAndNonceSize)]);
                Span<byte> ivAndNonce = stackalloc byte[IvAndNonceSize];
                bytes.Slice(DataKeySize, IvAndNonceSize).CopyTo(ivAndNonce);
                state.Cipher.Seal(ivAndNonce[..IKeyCipher.IvSize], ivAndNonce[IKeyCipher.IvSize..], bytes[..DataKeySize], state.AssociatedData.Span, bytes[DataKeySize..]);
            });
            return new DataKey(block);
        }
        catch
        {
            block.Dispose();
            throw;
        }
    }
}
