using Kes.Application.Caching;
using Kes.Application.Pipeline;
using Kes.Application.Requests;
using Kes.Domain.Errors;
using Mediator;

namespace Kes.Application.Keys;

/// <summary><c>PUT /v1/key/bulk/decrypt/&lt;name&gt;</c> (docs/COMPATIBILITY.md D10): opens up to 1000 ciphertexts with one key in one request.</summary>
public sealed record BulkDecrypt(RequestContext Context, string Name, string? BodyError, IReadOnlyList<BulkDecryptItem> Items)
    : IQuery<IReadOnlyList<SecretBytes>>, IMeteredRequest, IHasBody, IAuthorizedAlsoAs
{
    /// <summary>The most ciphertexts one request may carry, as the pre-v0.23 server allowed.</summary>
    public const int MaxItems = 1000;

    /// <inheritdoc />
    public KesError FailureError => KesError.DecryptFailed;

    /// <summary>Opening a key's ciphertexts in bulk needs the permission to open them one by one (docs/COMPATIBILITY.md D10).</summary>
    public string EquivalentPath => "/v1/key/decrypt/" + Name;
}

/// <summary>One ciphertext and its context.</summary>
public sealed record BulkDecryptItem(ReadOnlyMemory<byte> Ciphertext, ReadOnlyMemory<byte> AssociatedData);

/// <summary>Checks the key name, then the body and the item count.</summary>
public sealed class BulkDecryptValidator : KesValidator<BulkDecrypt>
{
    public BulkDecryptValidator()
    {
        KeyName(r => r.Name);
        Body(r => r.BodyError, KesError.InvalidRequestBody);
        Check(r => r.Items.Count, static count => count <= BulkDecrypt.MaxItems, _ => KesError.InvalidRequestBody);
    }
}

/// <summary>Opens every item or none: the first failure answers 400 for the whole request.</summary>
public sealed class BulkDecryptHandler : IQueryHandler<BulkDecrypt, IReadOnlyList<SecretBytes>>
{
    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<SecretBytes>> Handle(BulkDecrypt query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var cache = query.Context.State.Cache;
        using var lease = await cache.GetAsync(query.Name, cancellationToken).ConfigureAwait(false);
        if (TryOpenAll(lease.Key, query.Items) is { } plaintexts)
        {
            return plaintexts;
        }

        // As for one ciphertext: the key may have been replaced on another node (docs/keystores.md §3.3). All
        // items are opened again with the key read back, so one request never answers with two keys.
        if (await cache.RefreshAsync(lease.Key, cancellationToken).ConfigureAwait(false) is { } refreshed)
        {
            using (refreshed)
            {
                return TryOpenAll(refreshed.Key, query.Items) ?? throw new KesException(KesError.Decrypt);
            }
        }

        throw new KesException(KesError.Decrypt);
    }

    /// <summary>Every plaintext, or null (and nothing kept) when one item does not open.</summary>
    private static List<SecretBytes>? TryOpenAll(CachedKey key, IReadOnlyList<BulkDecryptItem> items)
    {
        var plaintexts = new List<SecretBytes>(items.Count);
        try
        {
            foreach (var item in items)
            {
                if (DecryptCiphertextHandler.TryOpen(key, item.Ciphertext.Span, item.AssociatedData.Span) is not { } plaintext)
                {
                    plaintexts.ForEach(p => p.Dispose());
                    return null;
                }

                plaintexts.Add(plaintext);
            }

            return plaintexts;
        }
        catch
        {
            plaintexts.ForEach(p => p.Dispose());
            throw;
        }
    }
}
