using Kes.Application.Caching;
using Kes.Application.Pipeline;
using Kes.Application.Requests;
using Kes.Domain.Errors;
using Kes.Domain.Keys;
using Kes.Domain.Ports;
using Mediator;

namespace Kes.Application.Keys;

/// <summary><c>PUT /v1/key/decrypt/&lt;name&gt;</c>: opens a ciphertext in any of the three KES formats.</summary>
/// <param name="Context">Who asked.</param>
/// <param name="Name">The key name.</param>
/// <param name="BodyError">The body decoder's complaint, if any.</param>
/// <param name="Ciphertext">The decoded <c>ciphertext</c> field.</param>
/// <param name="AssociatedData">The decoded <c>context</c> field.</param>
public readonly record struct DecryptCiphertext(RequestContext Context, string Name, string? BodyError, ReadOnlyMemory<byte> Ciphertext, ReadOnlyMemory<byte> AssociatedData)
    : IQuery<SecretBytes>, IMeteredRequest, IHasBody
{
    /// <inheritdoc />
    public KesError FailureError => KesError.DecryptFailed;
}

/// <summary>Checks the key name, then the body.</summary>
public sealed class DecryptCiphertextValidator : KesValidator<DecryptCiphertext>
{
    public DecryptCiphertextValidator()
    {
        KeyName(r => r.Name);
        Body(r => r.BodyError, KesError.InvalidRequestBody);
    }
}

/// <summary>Fetches the key first (a missing key is 404 even for garbage), then opens.</summary>
public sealed class DecryptCiphertextHandler : IQueryHandler<DecryptCiphertext, SecretBytes>
{
    /// <inheritdoc />
    public async ValueTask<SecretBytes> Handle(DecryptCiphertext query, CancellationToken cancellationToken)
    {
        var cache = query.Context.State.Cache;
        using var lease = await cache.GetAsync(query.Name, cancellationToken).ConfigureAwait(false);
        if (TryOpen(lease.Key, query.Ciphertext.Span, query.AssociatedData.Span) is { } plaintext)
        {
            return plaintext;
        }

        // The key may have been replaced on another node since we cached it (docs/keystores.md §3.3).
        var fresh = await cache.RefreshAsync(lease.Key, cancellationToken).ConfigureAwait(false);
        if (fresh is { } refreshed)
        {
            using (refreshed)
            {
                return Open(refreshed.Key, query.Ciphertext.Span, query.AssociatedData.Span);
            }
        }

        throw new KesException(KesError.Decrypt);
    }

    /// <summary>Opens one ciphertext into pinned memory, or throws the 400 decryption error.</summary>
    private static SecretBytes Open(CachedKey key, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> associatedData) =>
        TryOpen(key, ciphertext, associatedData) ?? throw new KesException(KesError.Decrypt);

    /// <summary>Opens one ciphertext into pinned memory, or null when it is not authentic under <paramref name="key"/>.</summary>
    internal static SecretBytes? TryOpen(CachedKey key, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> associatedData)
    {
        var plaintext = SecretMemoryPool.Rent(ciphertext.Length);
        var written = plaintext.Use(new OpenInput(key.Cipher, ciphertext, associatedData), static (bytes, input) =>
            input.Cipher.TryOpen(input.Ciphertext, input.AssociatedData, bytes, out var length) ? length : -1);
        if (written < 0)
        {
            plaintext.Dispose();
            return null;
        }

        return new SecretBytes(plaintext, written);
    }

    private readonly ref struct OpenInput(IKeyCipher cipher, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> associatedData)
    {
        public IKeyCipher Cipher { get; } = cipher;

        public ReadOnlySpan<byte> Ciphertext { get; } = ciphertext;

        public ReadOnlySpan<byte> AssociatedData { get; } = associatedData;
    }
}
