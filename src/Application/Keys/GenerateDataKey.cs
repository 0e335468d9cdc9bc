using Kes.Application.Caching;
using Kes.Application.Pipeline;
using Kes.Application.Requests;
using Kes.Domain.Errors;
using Kes.Domain.Keys;
using Kes.Domain.Ports;
using Mediator;

namespace Kes.Application.Keys;

/// <summary><c>PUT /v1/key/generate/&lt;name&gt;</c>: a fresh 32-byte data key, in plaintext and sealed with the named key (crypto.md §8).</summary>
/// <param name="Context">Who asked.</param>
/// <param name="Name">The key name.</param>
/// <param name="BodyError">The body decoder's complaint, if any.</param>
/// <param name="AssociatedData">The decoded <c>context</c> field; empty when absent.</param>
public sealed record GenerateDataKey(RequestContext Context, string Name, string? BodyError, ReadOnlyMemory<byte> AssociatedData)
    : IQuery<DataKey>, IMeteredRequest, IHasBody
{
    /// <inheritdoc />
    public KesError FailureError => KesError.GenerateKeyFailed;
}

/// <summary>The data key: its plaintext (secret, zeroed on dispose) and its ciphertext.</summary>
public sealed class DataKey(SecretMemory plaintext, byte[] ciphertext) : IDisposable
{
    /// <summary>The 32 plaintext bytes, valid until disposed.</summary>
    public ReadOnlySpan<byte> Plaintext => plaintext.Span[..GenerateDataKeyHandler.DataKeySize];

    private int _disposed;

    /// <summary>The sealed data key, 76 bytes.</summary>
    public byte[] Ciphertext { get; } = ciphertext;

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            SecretMemoryPool.Return(plaintext);
        }
    }
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
public sealed class GenerateDataKeyHandler(KeyCacheHolder cache, IRandomSource random) : IQueryHandler<GenerateDataKey, DataKey>
{
    /// <summary>MinIO uses the data key directly as a 256-bit key.</summary>
    internal const int DataKeySize = 32;

    /// <inheritdoc />
    public async ValueTask<DataKey> Handle(GenerateDataKey query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var lease = await cache.Current.GetAsync(query.Name, cancellationToken).ConfigureAwait(false);
        var plaintext = SecretMemoryPool.Rent(DataKeySize);
        try
        {
            var dek = plaintext.Span[..DataKeySize];
            random.Fill(dek);
            var ciphertext = new byte[DataKeySize + IKeyCipher.Overhead];
            lease.Key.Cipher.Seal(dek, query.AssociatedData.Span, ciphertext);
            return new DataKey(plaintext, ciphertext);
        }
        catch
        {
            SecretMemoryPool.Return(plaintext);
            throw;
        }
    }
}
